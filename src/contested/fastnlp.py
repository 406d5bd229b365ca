"""spaCy, run for speed: the same annotations as `nlp.pipe`, for less work.

Three costs of the stock pipeline are not the model's own (measured on news text, see
docs/scaling.md):

* **matrix products.** thinc multiplies with BLIS, whose run-time CPU detection falls back to
  its slow reference kernels on processors it does not know (AMD Zen 4 here: `BLIS_ARCH_DEBUG=1`
  prints "generic"). numpy's OpenBLAS has kernels for them. Loading the model with
  `NumpyOps(use_blis=False)` sends thinc's `gemm` to numpy: tok2vec runs 1.6-2× faster. The
  parser's inner loop still uses BLIS through `ops.cblas()`; only its matrix products change.
* **BLAS threads.** numpy's OpenBLAS starts one thread per core; for the parser's small
  products the extra threads mostly spin, taking CPU from other work (and from other
  workers: Dask gives each worker one core). `load_fast` limits BLAS to one thread unless
  OPENBLAS_NUM_THREADS or OMP_NUM_THREADS says otherwise.
* **the attribute ruler.** It runs a `Matcher` with ~180 patterns over every token, although
  all but a handful are one-token tests of the tag, the lower-cased form and the dependency
  label. `FastAttributeRuler` evaluates those tests once per distinct (tag, lower, dep, space)
  key and caches the merged result; the few multi-token patterns keep a small `Matcher`.

`FastLemmatizer` also memoises the rule lemmatizer's per-token Python work, and
`contested.fastner.FastEntityRecognizer` decodes the NER for a whole batch of documents at once
(numpy, the NER's own weights and validity rules) instead of one state at a time. All of this
keeps the output identical: `tests/unit/test_fastnlp.py`, `tests/unit/test_fastner.py` and
`contested bench --check` compare tags, heads, labels, POS, morphology, lemmas and entities
against the stock pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from contested.fastner import FAST_NER
from contested.fastner import register_factory as register_ner_factory

#: Names of the components that stand in for spaCy's own (which stay, disabled).
FAST_RULER = "contested_attribute_ruler"
FAST_LEMMATIZER = "contested_lemmatizer"

#: Token attributes a one-token pattern may test for `FastAttributeRuler` to evaluate it
#: itself (anything else goes to spaCy's Matcher), with the Token property each one reads.
_SIMPLE_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}


def load_fast(package: str) -> Any:
    """Load a spaCy pipeline package for speed (see the module docstring)."""
    import spacy
    from thinc.api import use_ops

    _register_factory()
    _single_threaded_blas()
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(package)
    stand_ins = (("attribute_ruler", FAST_RULER), ("lemmatizer", FAST_LEMMATIZER), ("ner", FAST_NER))
    for stock, fast in stand_ins:
        if stock in nlp.pipe_names:
            nlp.add_pipe(fast, after=stock)
            nlp.disable_pipe(stock)
    return nlp


def _single_threaded_blas() -> None:
    """One BLAS thread per process, unless the environment sets a number (see above)."""
    if os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS"):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _register_factory() -> None:
    from spacy.language import Language

    register_ner_factory()

    if not Language.has_factory(FAST_RULER):

        @Language.factory(FAST_RULER)
        def make_fast_ruler(nlp: Any, name: str) -> FastAttributeRuler:
            return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))

    if not Language.has_factory(FAST_LEMMATIZER):

        @Language.factory(FAST_LEMMATIZER)
        def make_fast_lemmatizer(nlp: Any, name: str) -> FastLemmatizer:
            return FastLemmatizer(nlp.get_pipe("lemmatizer"))


class FastLemmatizer:
    """Runs a spaCy `Lemmatizer` with its per-token Python work memoised.

    The rule lemmatizer's answer depends only on the token's form, POS and morphology (its
    own cache is keyed on exactly these). This memo keeps the answer as a string hash and
    writes a document's lemmas in one array call, so a known word costs a dict look-up instead
    of a `Token` object, a method call and a string-store insert. Unknown words still go
    through the lemmatizer itself, so the lemmas are its lemmas.
    """

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self.lemmatizer = lemmatizer
        self._columns = [ORTH, POS, MORPH, LEMMA]
        self._lemma = [LEMMA]
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        import numpy

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        overwrite = self.lemmatizer.overwrite
        rows = doc.to_array(self._columns).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = self._memo.get(key)
            if found is None:
                found = self._memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array(self._lemma, numpy.array(lemmas, dtype="uint64"))
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 0) -> Iterator[Any]:
        """Same interface as a spaCy component's `pipe`."""
        for doc in docs:
            yield self(doc)


class FastAttributeRuler:
    """Applies an `AttributeRuler`'s patterns with the ruler's precedence, much faster.

    spaCy sorts matches by pattern number and applies them in that order, so for each token
    attribute the highest-numbered matching pattern wins. Here the one-token patterns are
    evaluated per distinct token key (cached: news vocabulary repeats), merged in pattern
    order, and multi-token matches (rare) are merged in at their pattern numbers.
    """

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.matcher import Matcher

        self.vocab = ruler.vocab
        self._attr_ids = [TAG, LOWER, DEP, IS_SPACE]
        self._simple: list[tuple[int, dict[str, Any], dict[int, Any]]] = []
        self._multi = Matcher(ruler.vocab, validate=False)
        self._multi_count = 0
        for number, attrs in enumerate(ruler.attrs):
            key = str(number)
            _, patterns = ruler.matcher.get(self.vocab.strings[key])
            for pattern in patterns:
                tests = _simple_tests(pattern)
                if tests is not None and ruler.indices[number] in (0, -1):
                    self._simple.append((number, tests, attrs))
                else:
                    self._multi.add(key, [pattern])
                    self._multi_count += 1
        # Values a pattern mentions, per tested attribute; any other value behaves the same
        # in every test, so the cache key maps it to 0 (news vocabulary is large, patterns
        # name ~200 words: without this the cache would miss on most new words).
        self._mentioned = [_mentioned(self._simple, name) for name in ("TAG", "LOWER", "DEP")]
        self._indices = list(ruler.indices)
        self._attrs = list(ruler.attrs)
        self._cache: dict[tuple[int, ...], list[tuple[int, dict[int, Any]]]] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        extra = self._multi_matches(doc) if self._multi_count else {}
        tags, lowers, deps = self._mentioned
        rows = doc.to_array(self._attr_ids).tolist() if len(doc) else []
        for i, (tag, lower, dep, space) in enumerate(rows):
            key = (
                tag if tag in tags else 0,
                lower if lower in lowers else 0,
                dep if dep in deps else 0,
                space,
            )
            hits = self._cache.get(key)
            if hits is None:
                hits = self._cache[key] = self._evaluate(doc[i])
            if i in extra:
                hits = sorted([*hits, *extra[i]], key=lambda hit: hit[0])
            if hits:
                set_token_attrs(doc[i], _merge(hits))
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 0) -> Iterator[Any]:
        """Same interface as a spaCy component's `pipe` (batch size is irrelevant here)."""
        for doc in docs:
            yield self(doc)

    def _evaluate(self, token: Any) -> list[tuple[int, dict[int, Any]]]:
        values = {name: getattr(token, prop) for name, prop in _SIMPLE_KEYS.items()}
        return [
            (number, attrs)
            for number, tests, attrs in self._simple
            if all(_passes(values[name], test) for name, test in tests.items())
        ]

    def _multi_matches(self, doc: Any) -> dict[int, list[tuple[int, dict[int, Any]]]]:
        hits: dict[int, list[tuple[int, dict[int, Any]]]] = {}
        for match_id, start, end in self._multi(doc, allow_missing=True):
            number = int(self.vocab.strings[match_id])
            target = range(start, end)[self._indices[number]]
            hits.setdefault(target, []).append((number, self._attrs[number]))
        return hits


def _simple_tests(pattern: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The tests of a one-token pattern over the simple keys, or None if it is not one."""
    if len(pattern) != 1:
        return None
    tests: dict[str, Any] = {}
    for name, value in pattern[0].items():
        if name not in _SIMPLE_KEYS:
            return None
        if isinstance(value, dict):
            if set(value) - {"IN", "NOT_IN"}:
                return None
            value = {op: frozenset(options) for op, options in value.items()}
        tests[name] = value
    return tests


def _mentioned(simple: list[tuple[int, dict[str, Any], dict[int, Any]]], name: str) -> set[int]:
    """Hashes of the values that the one-token patterns test attribute NAME against."""
    from spacy.strings import get_string_id

    values: set[str] = set()
    for _, tests, _ in simple:
        test = tests.get(name)
        if isinstance(test, dict):
            for options in test.values():
                values |= set(options)
        elif test is not None:
            values.add(test)
    return {get_string_id(value) for value in values}


def _passes(value: Any, test: Any) -> bool:
    if isinstance(test, dict):
        return ("IN" not in test or value in test["IN"]) and (
            "NOT_IN" not in test or value not in test["NOT_IN"]
        )
    return bool(value == test)


def _merge(hits: list[tuple[int, dict[int, Any]]]) -> dict[int, Any]:
    """Attributes to set, later patterns overriding earlier ones (spaCy's precedence)."""
    merged: dict[int, Any] = {}
    for _, attrs in hits:
        merged.update(attrs)
    return merged
