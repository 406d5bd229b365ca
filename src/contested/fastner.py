"""spaCy's NER, decoded for a whole batch at once: the same entities, far fewer calls.

The stock `EntityRecognizer` decodes greedily, one state at a time: for every token of every
document it gathers three feature rows, runs the hidden and output layers through BLIS, tests
each of the 74 actions' validity in Cython and takes one action. For news text this per-state
scalar work was ~55% of the NER's time (py-spy, docs/scaling.md). In this NER every action
consumes exactly one token (`BiluoPushDown`: push, then pop), so at step t every unfinished
document stands at its own token t: all documents of a batch can step together.

`FastEntityRecognizer` runs the NER model's own layers (its tok2vec with final linear, the
precomputed lower layer with its padding row, the upper layer) and then, per step, sums the
feature rows, applies the maxout and the output layer for all documents as array operations,
masks invalid actions with the exact rules of spaCy's `ner.pyx` (`Begin`/`In`/`Last`/`Unit`/
`Out.is_valid`) and takes the first maximum (spaCy's `arg_max_if_valid`). Without preset
entity codes (the usual case: nothing before the NER sets entities), validity depends only on
the open entity's label and four booleans, so the mask is looked up in a table that the same
rules computed. The additions happen in spaCy's order (three feature rows, then the bias) and
the output layer goes through BLIS as in spaCy's loop, so from the same precomputed rows the
scores are the same floats. Annotations are written as `BiluoPushDown.set_annotations` writes
them (entities, then "O" on every token still missing).

Documents whose preset entity labels the model does not know go to the stock component (spaCy
adds the label and resizes its output layer); once it has, everything goes there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy

#: Name of the component that stands in for spaCy's `ner` (which stays, disabled).
FAST_NER = "contested_ner"

#: Token-count ceiling of one decoding batch. The precomputed lower layer takes 1.5 kB per
#: token (3 features x 64 hidden x 2 pieces, float32), so 16,384 tokens is ~25 MB; about 37
#: articles of the generated corpus, enough that per-step overhead is shared widely.
MAX_BATCH_TOKENS = 16384

#: spaCy's token-level entity IOB codes (`TokenC.ent_iob`).
_MISSING, _I, _O, _B = 0, 1, 2, 3

#: Move letters in spaCy's class names ("B-ORG", "U-", "O").
_MOVES = "BILUO"


def register_factory() -> None:
    """Register the `contested_ner` factory (wraps the pipeline's stock `ner`)."""
    from spacy.language import Language

    if not Language.has_factory(FAST_NER):

        @Language.factory(FAST_NER)
        def make_fast_ner(nlp: Any, name: str) -> FastEntityRecognizer:
            return FastEntityRecognizer(nlp.get_pipe("ner"))


@dataclass
class _Batch:
    """Per-token arrays of a batch of documents, concatenated longest document first."""

    docs: list[Any]
    offsets: numpy.ndarray  # first token of each document
    lengths: numpy.ndarray
    iob: numpy.ndarray  # preset ent_iob of each token
    label: numpy.ndarray  # preset ent_type, as an index into the model's labels
    space: numpy.ndarray  # IS_SPACE
    has_next: numpy.ndarray  # whether the document goes on after the token
    next_iob: numpy.ndarray  # ent_iob of the next token (0 past the end, as spaCy's empty token)
    next_sent: numpy.ndarray  # sent_start of the next token (0 past the end)
    #: No token has a preset entity code (the usual case): validity then depends only on
    #: `token_code` and the state, and is looked up in `_plain_valid`.
    plain: bool
    token_code: numpy.ndarray  # has_next * 4 + (next_sent == 1) * 2 + space


class FastEntityRecognizer:
    """Stands in for a greedy spaCy `EntityRecognizer`, decoding a batch of states at once."""

    def __init__(self, ner: Any) -> None:
        if ner.cfg.get("beam_width", 1) != 1:
            raise ValueError("contested_ner decodes greedily; this NER uses beam search")
        if ner.model.get_ref("lower").get_dim("nF") != 3:
            raise ValueError("contested_ner reads the 3 state features of spaCy's NER model")
        self.ner = ner
        self.vocab = ner.vocab
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        labels = sorted({name[2:] for name in names if name != "O"})
        #: Index 0 is "no label" (the blocking "U-" action and untyped tokens).
        hashes = [self.vocab.strings[label] if label else 0 for label in ["", *filter(None, labels)]]
        self._label_index = {h: i for i, h in enumerate(hashes)}
        self._label_hash = numpy.array(hashes, dtype="uint64")
        self._label_order = numpy.argsort(self._label_hash)
        self._move = numpy.array([_MOVES.index(name[0]) for name in names])
        self._class_label = numpy.array(
            [self._label_index[self.vocab.strings[name[2:]] if name[2:] else 0] for name in names]
        )
        self._plain_valid = self._plain_table()

    def _plain_table(self) -> numpy.ndarray:
        """The valid actions without preset codes, for every state code (see `_decode`)."""
        codes = numpy.arange(len(self._label_hash) * 16)
        none = numpy.zeros_like(codes)
        return self._rules(
            iob0=none,
            type0=none,
            iob1=none,
            sent1=(codes >> 1) & 1,
            space0=(codes & 1).astype(bool),
            has_next=((codes >> 2) & 1).astype(bool),
            opened=((codes >> 3) & 1).astype(bool),
            ent_label=codes >> 4,
        )

    def __call__(self, doc: Any) -> Any:
        for _ in self.pipe([doc]):
            pass
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 256) -> Iterator[Any]:
        """Same interface as a spaCy component's `pipe`: documents come back in order."""
        batch: list[Any] = []
        tokens = 0
        for doc in docs:
            if batch and (len(batch) >= batch_size or tokens + len(doc) > MAX_BATCH_TOKENS):
                yield from self._annotate(batch)
                batch, tokens = [], 0
            batch.append(doc)
            tokens += len(doc)
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Any]) -> list[Any]:
        if self._resized():
            return list(self.ner.pipe(docs))
        known = []
        for doc in docs:
            if self._labels_known(doc):
                known.append(doc)
            else:
                self.ner(doc)
        todo = sorted((doc for doc in known if len(doc)), key=len, reverse=True)
        if todo:
            for doc, ents in zip(todo, self._decode(self._batch(todo)), strict=True):
                self._set_annotations(doc, ents)
        return docs

    def _resized(self) -> bool:
        """Whether the stock NER has added actions (a new preset label) since this was built.

        spaCy then gives the new, unseen actions the batch's lowest score, which depends on
        the batch; the stock component handles that case itself.
        """
        model = self.ner.model
        return self.ner.moves.n_moves != len(self._move) or bool(model.attrs["unseen_classes"])

    def _labels_known(self, doc: Any) -> bool:
        from spacy.attrs import ENT_TYPE

        if not len(doc):
            return True
        types = numpy.unique(doc.to_array([ENT_TYPE]))
        return all(int(t) in self._label_index for t in types)

    def _batch(self, docs: list[Any]) -> _Batch:
        from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, SENT_START

        # int64 view: SENT_START is -1, 0 or 1 (to_array returns it as uint64)
        rows = [doc.to_array([ENT_IOB, IS_SPACE, SENT_START]).view("int64") for doc in docs]
        lengths = numpy.array([len(doc) for doc in docs])
        iob, space, _ = numpy.concatenate(rows).T
        after = [numpy.append(row[1:], [[0, 0, 0]], axis=0) for row in rows]
        following = numpy.concatenate(after)
        types = numpy.concatenate([doc.to_array(ENT_TYPE) for doc in docs])
        order = self._label_order
        labels = order[numpy.searchsorted(self._label_hash[order], types)]
        has_next = numpy.ones(len(iob), dtype=bool)
        has_next[numpy.cumsum(lengths) - 1] = False
        next_sent = following[:, 2]
        return _Batch(
            docs=docs,
            offsets=numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]),
            lengths=lengths,
            iob=iob,
            label=labels,
            space=space.astype(bool),
            has_next=has_next,
            next_iob=following[:, 0],
            next_sent=next_sent,
            plain=not (iob.any() or labels.any()),
            token_code=has_next * 4 + (next_sent == 1) * 2 + space,
        )

    def _decode(self, batch: _Batch) -> list[list[tuple[int, int, int]]]:
        """Greedy decoding of all documents together: (start, end, label index) per document."""
        import blis.py

        model = self.ner.model
        tokvecs = model.get_ref("tok2vec").predict(batch.docs)
        lower = model.get_ref("lower")
        cached = lower.predict(tokvecs)  # row 0 is the padding, token i is row i + 1
        n_rows = cached.shape[0]
        cached = numpy.ascontiguousarray(cached).reshape((n_rows, lower.get_dim("nF"), -1))
        bias = lower.get_param("b").reshape(-1)
        upper = model.get_ref("upper")
        weights, out_bias = upper.get_param("W"), upper.get_param("b")
        n_pieces = lower.get_dim("nP")

        n_docs = len(batch.docs)
        is_open = numpy.zeros(n_docs, dtype=bool)
        start = numpy.zeros(n_docs, dtype="int64")
        label = numpy.zeros(n_docs, dtype="int64")
        done = numpy.zeros(n_docs, dtype=bool)
        ents: list[list[tuple[int, int, int]]] = [[] for _ in range(n_docs)]
        for step in range(int(batch.lengths[0])):
            # lengths descending: documents 0..active-1 have a token at this step
            active = int((batch.lengths > step).sum())
            live = ~done[:active]
            g = batch.offsets[:active] + step
            opened = is_open[:active]
            ids1 = numpy.where(opened, batch.offsets[:active] + start[:active] + 1, 0)
            ids2 = numpy.where(opened, g, 0)
            unmaxed = cached[g + 1, 0] + cached[ids1, 1]
            unmaxed += cached[ids2, 2]
            unmaxed += bias
            hidden = unmaxed.reshape((active, -1, n_pieces)).max(axis=2)
            scores = blis.py.gemm(numpy.ascontiguousarray(hidden), weights, trans2=True, beta=0.0)
            scores += out_bias
            if batch.plain:
                valid = self._plain_valid[(label[:active] * 2 + opened) * 8 + batch.token_code[g]]
            else:
                valid = self._valid(batch, g, opened, label[:active])
            valid &= live[:, None]
            scores[~valid] = -numpy.inf
            guess = scores.argmax(axis=1)
            stuck = live & ~valid.any(axis=1)
            done[:active] |= stuck  # spaCy's force_final: the open entity is dropped
            act = live & ~stuck
            self._transition(act, guess, step, is_open, start, label, ents)
        return ents

    def _valid(
        self, batch: _Batch, g: numpy.ndarray, opened: numpy.ndarray, ent_label: numpy.ndarray
    ) -> numpy.ndarray:
        """Which actions are valid for the states at tokens G (`_rules` on their columns)."""
        return self._rules(
            iob0=batch.iob[g],
            type0=batch.label[g],
            iob1=batch.next_iob[g],
            sent1=batch.next_sent[g],
            space0=batch.space[g],
            has_next=batch.has_next[g],
            opened=opened,
            ent_label=ent_label,
        )

    def _rules(self, **columns: numpy.ndarray) -> numpy.ndarray:
        """spaCy's `ner.pyx` `is_valid` rules: states (one per row of COLUMNS) x actions.

        COLUMNS: the token's preset iob0 and type0 (label index), the next token's iob1 and
        sent1 (sent_start), whether the token is a space and has a next token, whether an
        entity is open and its label index.
        """
        iob0, type0, iob1, sent1, space0, has_next, opened, ent_label = (
            columns[name][:, None]
            for name in (
                "iob0", "type0", "iob1", "sent1", "space0", "has_next", "opened", "ent_label"
            )
        )
        lab = self._class_label[None, :]
        move = self._move[None, :]
        has_label = lab != 0
        same_type = lab == type0

        begin = (
            ~opened
            & has_next
            & has_label
            & (iob0 != _I)
            & numpy.where(iob0 == _B, same_type & (iob1 == _I), (iob1 != _B) & (sent1 != 1) & ~space0)
        )
        inside = (
            opened
            & has_next
            & has_label
            & (ent_label == lab)
            & (iob0 != _B)
            & (iob1 != _B)
            & numpy.where(iob0 == _I, (iob1 != _MISSING) & (iob1 != _O) & same_type, sent1 != 1)
        )
        preset_last = (iob0 == _I) & (iob1 != _I)
        last = has_label & opened & numpy.where(preset_last, same_type, (ent_label == lab) & (iob1 != _I))
        unit = numpy.where(
            has_label,
            ~opened & (iob1 != _I) & numpy.where(iob0 == _B, same_type, ~space0),
            (type0 == 0) & (iob0 == _B),
        )
        out = ~opened & (iob0 != _B) & (iob0 != _I)
        return numpy.select(
            [move == 0, move == 1, move == 2, move == 3], [begin, inside, last, unit], default=out
        )

    def _transition(
        self,
        act: numpy.ndarray,
        guess: numpy.ndarray,
        step: int,
        is_open: numpy.ndarray,
        start: numpy.ndarray,
        label: numpy.ndarray,
        ents: list[list[tuple[int, int, int]]],
    ) -> None:
        """Apply each state's action: B opens an entity, L closes it, U does both."""
        active = len(act)
        move = self._move[guess]
        opens = act & ((move == 0) | (move == 3))
        is_open[:active] |= opens
        start[:active][opens] = step
        label[:active][opens] = self._class_label[guess][opens]
        closes = act & ((move == 2) | (move == 3))
        for doc in numpy.flatnonzero(closes).tolist():
            ents[doc].append((int(start[doc]), step + 1, int(label[doc])))
        is_open[:active] &= ~closes

    def _set_annotations(self, doc: Any, ents: list[tuple[int, int, int]]) -> None:
        """As `BiluoPushDown.set_annotations`: entities, then "O" where still missing."""
        from spacy.attrs import ENT_IOB
        from spacy.tokens import Span

        hashes = self._label_hash
        spans = [
            Span(doc, s, e, label=int(hashes[i]), kb_id=doc[s].ent_kb_id) for s, e, i in ents
        ]
        doc.set_ents(spans, default="unmodified")
        missing = numpy.flatnonzero(doc.to_array([ENT_IOB]) == _MISSING)
        if len(missing):
            doc.set_ents([], outside=[Span(doc, int(i), int(i) + 1) for i in missing], default="unmodified")
