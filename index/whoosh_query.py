"""The search box's query language (index.query.parse) compiled to Whoosh queries, for the
Whoosh backend (index.store)."""
from __future__ import annotations

from whoosh import query as wq

from luutru.index.analysis import type_number_token, word_lengths
from luutru.index.query import (
    BODY_BOOST,
    CITES_BOOST,
    EXACT_BONUS,
    FOLDED_FACTOR,
    SUBJECT_BOOST,
    SYMBOL_BOOST,
    TYPE_NUMBER_BOOST,
    Clause,
    ParsedQuery,
    type_numbers,
    upper_bound,
)
from luutru.index.schema import MAX_LEVEL, folded_key, upper_label
from luutru.index.vocabulary import Vocabulary
from luutru.index.whoosh_analysis import folded_analyzer
from luutru.vietnamese import fold, names_for_code, parse_date, symbol_key


class Compiler:
    """Builds Whoosh queries; folded forms are expanded through the index's vocabulary, so
    'nghi quyet', 'nghị quyết' and 'NGHỊ QUYẾT' match the same documents, while the form
    typed (exactly, diacritics included) scores higher than its other forms."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def other_forms(self, syllable: str) -> list[str]:
        return sorted(f for f in self.vocabulary.forms(fold(syllable)) if f != syllable)

    def word(self, syllable: str) -> wq.Query:
        exact = [wq.Term("subject", syllable, boost=SUBJECT_BOOST),
                 wq.Term("body", syllable, boost=BODY_BOOST)]
        folded = []
        for form in self.other_forms(syllable):
            folded.append(wq.Term("subject", form, boost=SUBJECT_BOOST * FOLDED_FACTOR))
            folded.append(wq.Term("body", form, boost=BODY_BOOST * FOLDED_FACTOR))
        # Numbers and codes also hit the symbol field ('294' finds 294-QĐ/TW); its
        # tokens are folded, so only an unmarked word matches it exactly.
        symbol = wq.Term("symbol", fold(syllable), boost=SYMBOL_BOOST * 0.2)
        if fold(syllable) == syllable:
            exact.append(symbol)
        else:
            folded.append(symbol)
        return wq.Or([exactly(wq.Or(exact)), *exact, *folded])

    def phrase(self, syllables: tuple[str, ...], field: str, boost: float = 1.0
               ) -> tuple[wq.Query, wq.Query | None]:
        """The exact phrase and, when some syllable has other forms, the phrase with any
        folded-equal form of each syllable."""
        exact = wq.Phrase(field, list(syllables), boost=boost)
        alternatives = [self.other_forms(s) for s in syllables]
        if not any(alternatives):
            return exact, None
        steps = [wq.Or([wq.Term(field, s)] + [wq.Term(field, f) for f in alts]) if alts
                 else wq.Term(field, s) for s, alts in zip(syllables, alternatives, strict=True)]
        return exact, wq.Sequence(steps, boost=boost * FOLDED_FACTOR)

    def clause(self, clause: Clause) -> wq.Query:
        if clause.kind == "symbol":
            key = symbol_key(clause.text)
            own = wq.Term("symbol", key, boost=SYMBOL_BOOST)
            # Symbols are codes: any spelling of one counts as exact ('QD' for 'QĐ').
            in_text = [wq.Term("cites", key, boost=CITES_BOOST),
                       *(p for p in self.phrase(clause.syllables, "body") if p is not None)]
            # The document bearing the symbol ranks above those that mention it.
            return wq.Or([exactly(own, 2), exactly(wq.Or(in_text)), own, *in_text])
        if clause.kind == "word":
            return self.word(clause.syllables[0])
        exact, folded = [], []
        for name, boost in (("subject", SUBJECT_BOOST), ("body", BODY_BOOST)):
            whole, any_form = self.phrase(clause.syllables, name, boost)
            exact.append(whole)
            folded.extend([any_form] if any_form is not None else [])
        # The folded phrases first: the engine then finds the exact ones' positions among
        # what it has read.
        return wq.Or([*folded, exactly(wq.Or(exact)), *exact])

    def negated(self, clause: Clause) -> wq.Query:
        """Exclusion is diacritic-insensitive, like matching: '-hoa' and '-hòa' agree."""
        if clause.kind == "symbol":
            key = symbol_key(clause.text)
            return wq.Or([wq.Term("symbol", key), wq.Term("cites", key),
                          *(p for p in self.phrase(clause.syllables, "body") if p is not None)])
        if clause.kind == "word":
            forms = [clause.syllables[0], *self.other_forms(clause.syllables[0])]
            return wq.Or([wq.Term(field, f) for field in ("subject", "body") for f in forms])
        return wq.Or([p for name in ("subject", "body")
                      for p in self.phrase(clause.syllables, name) if p is not None])

    def compile(self, parsed: ParsedQuery, filters: dict[str, str]) -> tuple[wq.Query, bool]:
        """The Whoosh query and whether it ranks by relevance (False: filters only)."""
        constraints = [wq.ConstantScoreQuery(f, score=0.0) for f in filter_queries(filters)]
        required = [self.clause(g[0]) if len(g) == 1 else wq.Or([self.clause(c) for c in g])
                    for g in parsed.groups]
        if required:
            positive: wq.Query = wq.And(required)
            typed = type_number_query(parsed, len(parsed.groups))
            if typed is not None:
                positive = wq.Or([positive, typed])
            compounds = compound_query(parsed)
            if compounds is not None:
                positive = wq.AndMaybe(positive, compounds)
            q: wq.Query = wq.And([positive, *constraints]) if constraints else positive
        else:
            q = wq.And(constraints) if constraints else wq.Every()
        if parsed.negated:
            q = wq.AndNot(q, wq.Or([self.negated(c) for c in parsed.negated]))
        return q, bool(required)


def compound_query(parsed: ParsedQuery) -> wq.Query | None:
    """Compound words of the query ('cải cách' -> cải_cách, by underthesea) found in a
    subject add to the score: the subject is indexed with compounds, so a subject where
    the words form that word ranks above one where they merely occur."""
    runs: list[list[Clause]] = []
    for group in parsed.groups:
        clause = group[0]
        adjacent = (len(group) == 1 and clause.kind == "word" and runs and runs[-1]
                    and not parsed.text[runs[-1][-1].span[1]:clause.span[0]].strip())
        if adjacent:
            runs[-1].append(clause)
        else:
            runs.append([clause] if len(group) == 1 and clause.kind == "word" else [])
    terms: list[wq.Query] = []
    for run in runs:
        syls = tuple(c.syllables[0] for c in run)
        start = 0
        for length in word_lengths(syls) if len(syls) > 1 else ():
            if length > 1:
                terms.append(wq.Term("subject", "_".join(syls[start:start + length]),
                                     boost=SUBJECT_BOOST))
            start += length
    return wq.Or(terms) if terms else None


def exactly(q: wq.Query, clauses: int = 1) -> wq.Query:
    """A bonus for matching a query clause exactly, larger than any sum of BM25 scores:
    documents rank first by how many clauses they match with the diacritics typed, then
    by relevance. So an exact match always ranks above a folded one."""
    return wq.ConstantScoreQuery(q, score=EXACT_BONUS * clauses)


def type_number_query(parsed: ParsedQuery, clauses: int) -> wq.Query | None:
    """Documents whose symbol has a type and number named in the query; such a document
    ranks as if it matched every clause exactly, and above them."""
    found: list[wq.Query] = []
    for name, codes, number in type_numbers(parsed):
        typed = wq.Or(
            [wq.Term("symbol", type_number_token(c, number)) for c in codes]
            + [wq.And([wq.Term("symbol", number.lstrip("0") or "0"),
                       wq.Term("doc_type_f", name)])],
            boost=TYPE_NUMBER_BOOST,
        )
        found.append(wq.Or([exactly(typed, clauses + 1), typed]))
    return wq.Or(found) if found else None


def filter_queries(filters: dict[str, str]) -> list[wq.Query]:
    out: list[wq.Query] = []
    if filters.get("doc_type"):
        value = filters["doc_type"]
        # A type code ('NQ') stands for the type names that print it.
        names = [fold(name) for name in names_for_code(value)]
        keys = names or [folded_key(value)]
        out.append(wq.Or([wq.Term("doc_type_f", k) for k in keys]))
    if filters.get("issuer"):
        folded = [t.text for t in folded_analyzer()(filters["issuer"])]
        if folded:
            out.append(wq.Term("issuer_text", folded[0]) if len(folded) == 1
                       else wq.Phrase("issuer_text", folded))
    low, high = filters.get("date_from", ""), filters.get("date_to", "")
    low, high = parse_date(low) or "", parse_date(high) or ""
    if low or high:
        out.append(wq.TermRange("date", low or None, upper_bound(high) if high else None))
    if filters.get("classification"):
        out.append(wq.Term("classification", upper_label(filters["classification"])))
    if filters.get("cites"):
        out.append(wq.Term("cites", symbol_key(filters["cites"])))
    if filters.get("symbol"):
        out.append(wq.Term("symbol", symbol_key(filters["symbol"])))
    return out


def visible(q: wq.Query, clearance: int) -> wq.Query:
    """The clearance restriction every search goes through: documents whose level is above
    the caller's clearance are removed inside the query itself, so results, totals,
    facets, snippets and similar-document lists are all computed without them."""
    if clearance >= MAX_LEVEL:
        return q
    return wq.AndNot(q, wq.NumericRange("level", max(clearance, -1) + 1, None))
