"""The search box's query language (index.query.parse) compiled to Tantivy queries.

Same meaning and the same ranking rules as index.whoosh_query.Compiler, over the fields of
index.spec: a word typed with its marks matches its exact syllable and, through the folded
fields, every other marking of it; the form typed scores higher, and a constant bonus per
clause matched exactly makes exact matches rank first.
"""
from __future__ import annotations

from collections.abc import Sequence

import tantivy
from tantivy import Occur, Query

from luutru.index.analysis import type_number_token
from luutru.index.query import (
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
from luutru.index.schema import folded_key, upper_label
from luutru.index.spec import PAIR, common_pair, date_key, exact_tokens
from luutru.vietnamese import fold, names_for_code, parse_date, symbol_key

# The folded fields' analyzer: whitespace tokens through Tantivy's ASCII folding, which
# folds every Vietnamese syllable as index.analysis.fold does (tests/test_index_spec.py).
FOLD_ANALYZER = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
                 .filter(tantivy.Filter.ascii_fold()).build())




def tantivy_fold(syllable: str) -> str:
    """A syllable as the folded fields index it."""
    return "".join(FOLD_ANALYZER.analyze(syllable))


def any_of(queries: Sequence[Query]) -> Query:
    if not queries:
        return Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, q) for q in queries])


def all_of(queries: Sequence[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, q) for q in queries])


def boosted(q: Query, boost: float) -> Query:
    return q if boost == 1.0 else Query.boost_query(q, boost)


def exactly(q: Query, clauses: int = 1) -> Query:
    return Query.const_score_query(q, EXACT_BONUS * clauses)


class TantivyCompiler:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def term(self, field: str, text: str, boost: float = 1.0) -> Query:
        # Document ids and frequencies, which are all a term's score needs: tantivy-py's
        # default also opens the term's positions, a read of the .pos file per term and
        # segment that, from a cold cache, brings megabytes of it in (kernel read-ahead).
        return boosted(Query.term_query(self.schema, field, text, index_option="freq"), boost)

    def phrase(self, field: str, words: Sequence[str], boost: float = 1.0) -> Query:
        if len(words) == 1:
            return self.term(field, words[0], boost)
        phrase = Query.phrase_query(self.schema, field, list(words))
        if field in ("body", "body_f"):
            # The folded pairs of common syllables first (rarer terms than either syllable,
            # no positions): the positions of the phrase's syllables are then read only
            # where the pairs all are. Only pairs of two common syllables are indexed
            # (index.spec.common_pair); a phrase with none is led by its rarer syllables.
            folded = [tantivy_fold(w) for w in words] if field == "body" else list(words)
            pairs = dict.fromkeys(PAIR.join(p) for p in zip(folded, folded[1:], strict=False)
                                  if common_pair(*p))
            if pairs:
                phrase = Query.boolean_query(
                    [(Occur.Must, Query.const_score_query(self.term("body2_f", p), 0.0))
                     for p in pairs] + [(Occur.Must, phrase)])
        return boosted(phrase, boost)

    def word_parts(self, syllable: str) -> tuple[list[Query], list[Query]]:
        """A word's clauses matching the form typed, and those matching its other forms."""
        folded = fold(syllable)
        exact = [self.term("subject", syllable, SUBJECT_BOOST), self.term("body", syllable)]
        others = [self.term("subject_f", tantivy_fold(syllable), SUBJECT_BOOST * FOLDED_FACTOR),
                  self.term("body_f", tantivy_fold(syllable), FOLDED_FACTOR)]
        # Numbers and codes also hit the symbol field ('294' finds 294-QĐ/TW); its tokens
        # are folded, so only an unmarked word matches it exactly.
        symbol = self.term("symbol", folded, SYMBOL_BOOST * 0.2)
        (exact if folded == syllable else others).append(symbol)
        return exact, others

    def phrases(self, syllables: Sequence[str], exact_field: str, boost: float = 1.0
                ) -> tuple[Query, Query]:
        """The exact phrase, and the phrase in any marking of its syllables."""
        folded = [tantivy_fold(s) for s in syllables]
        return (self.phrase(exact_field, syllables, boost),
                self.phrase(f"{exact_field}_f", folded, boost * FOLDED_FACTOR))

    def clause(self, clause: Clause) -> Query:
        if clause.kind == "symbol":
            key = symbol_key(clause.text)
            own = self.term("symbol", key, SYMBOL_BOOST)
            in_text = [self.term("cites", key, CITES_BOOST),
                       *self.phrases(clause.syllables, "body")]
            # The document bearing the symbol ranks above those that mention it.
            return any_of([exactly(own, 2), exactly(any_of(in_text)), own, *in_text])
        exact, others = self.parts(clause)
        return any_of([exactly(any_of(exact)), *exact, *others])

    def parts(self, clause: Clause) -> tuple[list[Query], list[Query]]:
        """A word's or phrase's clauses matching the form typed, and the others'."""
        if clause.kind == "word":
            return self.word_parts(clause.syllables[0])
        exact, folded = [], []
        for name, boost in (("subject", SUBJECT_BOOST), ("body", 1.0)):
            whole, any_form = self.phrases(clause.syllables, name, boost)
            exact.append(whole)
            folded.append(any_form)
        return exact, folded

    def negated(self, clause: Clause) -> Query:
        """Exclusion is diacritic-insensitive, like matching."""
        folded = [tantivy_fold(s) for s in clause.syllables]
        if clause.kind == "symbol":
            key = symbol_key(clause.text)
            return any_of([self.term("symbol", key), self.term("cites", key),
                           self.phrase("body_f", folded)])
        return any_of([self.phrase("subject_f", folded), self.phrase("body_f", folded)])

    def matching(self, clause: Clause) -> Query:
        """The documents clause() matches, unscored, from the folded fields alone: a word
        or phrase in the exact fields is in the folded ones too (the same syllables,
        folded by the same analyzer, at the same positions), so clause() adds scores
        but no documents to these. Facets are counted over it: a phrase's positions
        are read once instead of in each of its scored copies."""
        folded = [tantivy_fold(s) for s in clause.syllables]
        if clause.kind == "symbol":
            key = symbol_key(clause.text)
            return any_of([self.term("symbol", key), self.term("cites", key),
                           self.phrase("body_f", folded)])
        if clause.kind == "word":
            return any_of([self.term("subject_f", folded[0]), self.term("body_f", folded[0]),
                           self.term("symbol", fold(clause.syllables[0]))])
        return any_of([self.phrase("subject_f", folded), self.phrase("body_f", folded)])

    def compile(self, parsed: ParsedQuery, filters: dict[str, str], *, scored: bool = True
                ) -> tuple[Query, bool]:
        """The query and whether it ranks by relevance (False: filters only). With scored
        False, a query matching the same documents without ranking them (for counting)."""
        constraints = [Query.const_score_query(f, 0.0) for f in self.filters(filters)]
        clauses: list[tuple[Occur, Query]] = [(Occur.Must, c) for c in constraints]
        if parsed.groups:
            typed = self.type_number(parsed, len(parsed.groups), scored=scored)
            if scored and typed is None:
                clauses += self.required(parsed)
            else:
                clause = self.clause if scored else self.matching
                positive = all_of([clause(g[0]) if len(g) == 1 else any_of([clause(c) for c in g])
                                   for g in parsed.groups])
                if typed is not None:
                    positive = any_of([positive, typed])
                clauses.append((Occur.Must, positive))
            compounds = self.compounds(parsed) if scored else None  # adds scores only
            if compounds is not None:
                clauses.append((Occur.Should, compounds))
        elif not constraints:
            clauses.append((Occur.Must, Query.all_query()))
        clauses += [(Occur.MustNot, self.negated(c)) for c in parsed.negated]
        return Query.boolean_query(clauses), bool(parsed.groups)

    def required(self, parsed: ParsedQuery) -> list[tuple[Occur, Query]]:
        """Every group as a clause of the whole query; a lone word as its forms required
        and its bonus for the form typed optional beside them, which scores what clause()
        scores. Tantivy steps through a union nested in a union document by document:
        on queries of several common words, flat unions with the bonuses read only
        where all the words are cost 30 to 60 % less (docs/benchmarks-index.md)."""
        out: list[tuple[Occur, Query]] = []
        for group in parsed.groups:
            if len(group) == 1 and group[0].kind == "word":
                exact, others = self.parts(group[0])
                out += [(Occur.Must, any_of(exact + others)),
                        (Occur.Should, exactly(any_of(exact)))]
            else:
                out.append((Occur.Must, any_of([self.clause(c) for c in group])))
        return out

    def exact_tier(self, parsed: ParsedQuery, filters: dict[str, str]
                   ) -> tuple[Query, float] | None:
        """The documents compile() ranks first when there are enough of them, those holding
        every word and phrase in the form typed, ranked as compile() ranks them less the
        bonus they all share (returned with the query); None when the bonuses vary
        otherwise (OR, symbols, type and number).

        compile() adds the bonus with a second copy of each clause's exact part, and
        Tantivy evaluates every copy on its own: over a common word's postings, the copy
        costs as much as the rest of the query. Here the exact parts are required, each
        read once, and the other forms only score the documents they bring."""
        groups = parsed.groups
        if (not groups or type_numbers(parsed)
                or any(len(g) != 1 or g[0].kind not in ("word", "phrase") for g in groups)):
            return None
        clauses = [(Occur.Must, Query.const_score_query(f, 0.0)) for f in self.filters(filters)]
        for (clause,) in groups:
            exact, others = self.parts(clause)
            clauses.append((Occur.Must, any_of(exact)))
            clauses += [(Occur.Should, q) for q in others]
        compounds = self.compounds(parsed)
        if compounds is not None:
            clauses.append((Occur.Should, compounds))
        clauses += [(Occur.MustNot, self.negated(c)) for c in parsed.negated]
        return Query.boolean_query(clauses), EXACT_BONUS * len(groups)

    def compounds(self, parsed: ParsedQuery) -> Query | None:
        """Words typed next to each other that also stand together in a subject add to
        the score ('cải cách' ranks a subject about cải cách above one holding cách and
        cải apart). Pairs of the subject's syllables, so neither indexing nor the query
        needs the word segmenter (index.whoosh_query.compound_query, for Whoosh, loads it)."""
        words = [(g[0], g[0].span) for g in parsed.groups
                 if len(g) == 1 and g[0].kind == "word"]
        pairs = [(a.syllables[0], b.syllables[0]) for (a, (_, a_end)), (b, (b_start, _))
                 in zip(words, words[1:], strict=False)
                 if not parsed.text[a_end:b_start].strip()]
        if not pairs:
            return None
        return any_of([self.phrase("subject", pair, SUBJECT_BOOST) for pair in pairs])

    def type_number(self, parsed: ParsedQuery, clauses: int, *, scored: bool = True
                    ) -> Query | None:
        """'nghị quyết 15' -> documents whose symbol has that type and number."""
        found: list[Query] = []
        for name, codes, number in type_numbers(parsed):
            typed = boosted(any_of(
                [self.term("symbol", type_number_token(c, number)) for c in codes]
                + [all_of([self.term("symbol", number.lstrip("0") or "0"),
                           self.term("doc_type_f", name)])]), TYPE_NUMBER_BOOST)
            found.append(any_of([exactly(typed, clauses + 1), typed]) if scored else typed)
        return any_of(found) if found else None

    def filters(self, filters: dict[str, str]) -> list[Query]:
        out: list[Query] = []
        if filters.get("doc_type"):
            value = filters["doc_type"]
            # A type code ('NQ') stands for the type names that print it (as index.query).
            names = [fold(name) for name in names_for_code(value)]
            out.append(any_of([self.term("doc_type_f", k)
                               for k in names or [folded_key(value)]]))
        if filters.get("issuer"):
            folded = [fold(t) for t in exact_tokens(filters["issuer"])]
            if folded:
                out.append(self.phrase("issuer_f", folded))
        low = parse_date(filters.get("date_from", "")) or ""
        high = parse_date(filters.get("date_to", "")) or ""
        if low or high:
            # Undated documents have date 0: they are in no range.
            out.append(Query.range_query(
                self.schema, "date_desc", tantivy.FieldType.Unsigned,
                max(date_key(low), 1), date_key(upper_bound(high)) if high else 2**63))
        if filters.get("classification"):
            out.append(self.term("classification", upper_label(filters["classification"])))
        if filters.get("cites"):
            out.append(self.term("cites", symbol_key(filters["cites"])))
        if filters.get("symbol"):
            out.append(self.term("symbol", symbol_key(filters["symbol"])))
        return out

    def visible(self, q: Query, clearance: int) -> Query:
        """The caller's clearance as a clause of the query itself."""
        level = Query.range_query(self.schema, "level", tantivy.FieldType.Integer,
                                  0, max(clearance, -1))
        return Query.boolean_query([(Occur.Must, q),
                                    (Occur.Must, Query.const_score_query(level, 0.0))])
