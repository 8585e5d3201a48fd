"""Near-duplicates (toolkit.corpus.hygiene.duplicates, .shingles): tokens, MinHash, LSH, Jaccard, recall."""
from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
import pytest

from toolkit import find_duplicates, load_corpus
from toolkit.corpus.hygiene.duplicates import _lsh_pairs, lsh_params
from toolkit.corpus.hygiene.shingles import minhash_signatures, shingles, token_sequences
from toolkit.corpus.load import normalise_text
from toolkit.errors import ParameterError
from toolkit.text.tokens import tokenize


def shingle_set(text: str, k: int = 3) -> set[tuple[str, ...]]:
    """Reference: the k-word shingles of tokenize(text), as Python tuples."""
    toks = tokenize(text)
    if 0 < len(toks) < k:
        return {tuple(toks)}
    return {tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


EDGE_TEXTS = ["", "One", "Two words", "Russia’s state-run TV said 3.5% of U.S. voters don't care.",
              "word,word however—the end\u00a0nbsp  and\ttabs\n\nnew para", "2024 1990 42", "ÉTÉ à Paris, l'été",
              "a b c d e f g a b c"]


# --------------------------------------------------------------------------- tokens and shingles
def test_token_sequences_equal_tokenize():
    seqs = token_sequences(EDGE_TEXTS)
    assert [seqs.tokens(i) for i in range(len(EDGE_TEXTS))] == [tokenize(t) for t in EDGE_TEXTS]


def test_token_sequences_with_lone_surrogate_fall_back():
    texts = ["fine text here", "bad \udc80 byte here"]
    seqs = token_sequences(texts)
    assert [seqs.tokens(i) for i in range(2)] == [tokenize(t) for t in texts]


def test_token_sequences_equal_tokenize_on_allsides():
    from conftest import shared_path

    texts = pd.read_parquet(shared_path("allsides", "articles.parquet"), columns=["text"])["text"]
    texts = texts.sample(1500, random_state=7).tolist()
    seqs = token_sequences(texts)
    assert all(seqs.tokens(i) == tokenize(t) for i, t in enumerate(texts))


def test_shingle_sets_match_reference():
    sh = shingles(token_sequences(EDGE_TEXTS), 3)
    for i, text in enumerate(EDGE_TEXTS):
        ref = shingle_set(text)
        assert len(sh.set_of(i)) == len(ref), text  # one hash per distinct shingle
    # Tokens 0, 1, 2, 9, 10, 0, 4, 10: windows of 3 (one for a text shorter than 3 words).
    assert sh.counts().tolist() == [0, 1, 1, 7, 8, 0, 2, 8]
    assert sh.words.tolist() == [len(tokenize(t)) for t in EDGE_TEXTS]
    # "a b c d e f g a b c": 8 windows, "a b c" twice: 7 distinct.
    assert len(sh.set_of(7)) == 7


def test_signatures_are_datasketch_minhash():
    from datasketch import MinHash

    texts = EDGE_TEXTS[1:] * 2
    sh = shingles(token_sequences(texts), 3)
    sig = minhash_signatures(sh, num_perm=64, seed=5)
    h32 = sh.hash32()
    for i in range(len(texts)):
        m = MinHash(num_perm=64, seed=5, hashfunc=lambda v: v, scheme="affine32")
        m.update_batch(h32[sh.offsets[i]:sh.offsets[i + 1]].tolist())
        assert np.array_equal(m.hashvalues, sig[i])
    empty = minhash_signatures(shingles(token_sequences(["", "1 2 3"]), 3), num_perm=8)
    assert (empty == np.iinfo(np.uint32).max).all()


def test_lsh_buckets_are_datasketch_minhashlsh():
    from datasketch import LeanMinHash, MinHashLSH

    rng = np.random.default_rng(3)
    base = [" ".join(rng.choice([f"w{k}" for k in range(400)], 60)) for _ in range(150)]
    # Copies with a few words changed, so that many pairs share some bands and not others.
    texts = base + [re.sub(r"w1\d\b", "zz", t) for t in base[:80]]
    # ...and halves of two texts joined: about a third of the shingles of each, found in some bands only.
    texts += [" ".join(base[i].split()[:30] + base[i + 1].split()[30:]) for i in range(40)]
    sh = shingles(token_sequences(texts), 3)
    sig = minhash_signatures(sh)
    docs = np.arange(len(texts))
    codes, (b, r) = _lsh_pairs(sig, docs, 0.3, 128)
    lsh = MinHashLSH(threshold=0.3, num_perm=128, weights=(0.05, 0.95))
    for i in docs:
        lsh.insert(int(i), LeanMinHash(seed=1, hashvalues=sig[i], scheme="affine32"))
    ref = set()
    for table in lsh.hashtables:
        for key in table.keys():
            members = sorted(table.get(key))
            ref |= {a * len(texts) + c for k, a in enumerate(members) for c in members[k + 1:]}
    assert (b, r) == (lsh.b, lsh.r) == lsh_params(0.3, 128) == (41, 2)
    assert set(codes.tolist()) == ref and len(ref) > 150


# --------------------------------------------------------------------------- find_duplicates
def test_find_duplicates_exact_jaccard_by_hand():
    base = "the senate passed the bill on tuesday after a long debate over the border and the budget"
    arts = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "X", "Z"],
                         "text": [base, base + " officials said", "a different story about trade", base.upper()]})
    pairs = find_duplicates(arts)
    # a: 17 tokens, 15 shingles; b adds 2 tokens, 17 shingles, 15 shared: 15 / 17. d is a (case folded).
    assert pairs[["doc_id_a", "doc_id_b", "outlet_a", "outlet_b", "cross_outlet", "cluster"]].values.tolist() == [
        ["a", "b", "X", "Y", True, 0], ["a", "d", "X", "Z", True, 0], ["b", "d", "Y", "Z", True, 0]]
    assert pairs["jaccard"].tolist() == pytest.approx([15 / 17, 1.0, 15 / 17])
    assert pairs["containment"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert pairs["jaccard"].tolist() == pytest.approx(
        [jaccard(shingle_set(arts.text[i]), shingle_set(arts.text[j])) for i, j in [(0, 1), (0, 3), (1, 3)]])
    assert pairs.attrs["parameters"]["shingle"] == 3 and pairs.attrs["counts"]["pairs"] == 3


def test_threshold_and_shingle_size():
    a = "one two three four five six seven eight nine ten"
    b = "one two three four five six seven eight nine eleven"
    arts = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "text": [a, b]})
    # 3-word shingles: 8 each, 7 shared: 7/9 = 0.78.  5-word: 6 each, 5 shared: 5/7.
    assert find_duplicates(arts)["jaccard"].tolist() == pytest.approx([7 / 9])
    assert find_duplicates(arts, threshold=0.8).empty
    assert find_duplicates(arts, shingle=5)["jaccard"].tolist() == pytest.approx([5 / 7])


def test_clusters_join_chains():
    words = [f"w{i}" for i in range(40)]
    a = " ".join(words)
    b = " ".join(words[8:] + [f"x{i}" for i in range(8)])
    c = " ".join(words[16:] + [f"x{i}" for i in range(16)])
    other = " ".join(f"y{i}" for i in range(40))
    arts = pd.DataFrame({"doc_id": ["a", "b", "c", "o"], "outlet": "X", "text": [a, b, c, other]})
    pairs = find_duplicates(arts)
    # a~b (30/46), b~c (30/46... the x-words differ in position), a~c (22/54 = 0.41): one cluster.
    assert set(zip(pairs["doc_id_a"], pairs["doc_id_b"])) >= {("a", "b"), ("b", "c")}
    assert pairs["cluster"].unique().tolist() == [0]
    assert not pairs["cross_outlet"].any()


def test_articles_without_words_never_pair():
    arts = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": "X", "text": ["2020", "--- 42 ---", "2020"]})
    pairs = find_duplicates(arts)
    assert pairs.empty and pairs.attrs["counts"]["without_words"] == 3


@pytest.mark.parametrize("options, message", [
    ({"threshold": 0}, r"`threshold` value = 0 is invalid; must be a number in \(0, 1\]"),
    ({"threshold": 1.2}, r"`threshold` value = 1.2 is invalid"),
    ({"threshold": "high"}, r"`threshold` value = 'high' is invalid"),
    ({"shingle": 0}, r"`shingle` value = 0 is invalid; must be an integer >= 1"),
    ({"num_perm": 1}, r"`num_perm` value = 1 is invalid; must be an integer >= 2"),
])
def test_find_duplicates_parameter_errors(options, message):
    arts = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["x"]})
    with pytest.raises(ParameterError, match=message):
        find_duplicates(arts, **options)


def test_find_duplicates_needs_unique_ids_and_columns():
    with pytest.raises(ParameterError, match=r"articles has duplicate doc_id values \(e.g. 'a'\); doc_id must be unique"):
        find_duplicates(pd.DataFrame({"doc_id": ["a", "a"], "outlet": "X", "text": ["x", "y"]}))
    with pytest.raises(ParameterError, match=r"articles has no column\(s\) \['outlet'\]"):
        find_duplicates(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}))


def test_no_false_duplicates_on_demo_corpus():
    articles = load_corpus("corpora/demo")
    assert len(articles) >= 50
    assert find_duplicates(articles).empty


# --------------------------------------------------------------------------- reprints of real articles
NEWSLETTER = "Sign up for the {outlet} newsletter and get the day's top stories in your inbox."
COPYRIGHT = "Copyright © 2020 {outlet}. All rights reserved."


def reprint(text: str, outlet: str, new_outlet: str, vocabulary: list[str], rng: random.Random) -> str:
    """An article edited the way reprints are: a paragraph dropped, 3-12% of the words replaced,
    a newsletter line and a copyright line added, the outlet's name replaced by another."""
    paras = text.split("\n\n")
    if len(paras) >= 3:
        del paras[rng.randrange(1, len(paras))]
    share = rng.uniform(0.03, 0.12)
    edited = []
    for p in paras:
        words = p.split(" ")
        for i in range(len(words)):
            if rng.random() < share:
                words[i] = rng.choice(vocabulary)
        edited.append(" ".join(words))
    edited += [NEWSLETTER.format(outlet=new_outlet), COPYRIGHT.format(outlet=new_outlet)]
    return "\n\n".join(edited).replace(outlet, new_outlet)


def build_reprints(path, *, n: int = 300, seed: int = 12) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """A test corpus from AllSides: ``n`` originals, a reprint of each, and as many other articles on
    the same topics and dates (the hard negatives). Returns the corpus and the true pairs."""
    raw = pd.read_parquet(path)
    raw = raw[raw["text"].str.split().str.len().between(150, 3000)]
    raw = raw.assign(text=raw["text"].map(normalise_text))
    rng = random.Random(seed)
    originals = raw.sample(n * 2, random_state=seed).drop_duplicates("title")
    # Keep originals that are not themselves near-copies of each other: word sets, by brute force.
    words = [set(tokenize(t)) for t in originals["text"]]
    keep = []
    for i, w in enumerate(words):
        if all(len(w & words[j]) / len(w | words[j]) < 0.5 for j in keep):
            keep.append(i)
        if len(keep) == n:
            break
    originals = originals.iloc[keep]
    kept_words = [words[i] for i in keep]
    # Hard negatives: other articles on the same topic and date as an original, not near-copies of any.
    same = raw.merge(originals[["topic", "date"]].dropna().drop_duplicates(), on=["topic", "date"])
    same = same[~same["doc_id"].isin(originals["doc_id"])].drop_duplicates("doc_id").sample(frac=1, random_state=seed)
    negatives = []
    for _, row in same.iterrows():
        w = set(tokenize(row["text"]))
        if all(len(w & o) / len(w | o) < 0.5 for o in kept_words):
            negatives.append(row)
        if len(negatives) == n:
            break
    vocabulary = [w for t in raw.sample(200, random_state=seed + 1)["text"] for w in t.split()]
    copies = pd.DataFrame({
        "doc_id": "reprint-" + originals["doc_id"].astype(str),
        "outlet": [f"Reprint Daily {k % 7}" for k in range(len(originals))],
        "text": [reprint(t, o, f"Reprint Daily {k % 7}", vocabulary, rng)
                 for k, (t, o) in enumerate(zip(originals["text"], originals["outlet"]))],
    })
    cols = ["doc_id", "outlet", "text"]
    corpus = pd.concat([originals[cols], copies, pd.DataFrame(negatives)[cols]], ignore_index=True)
    truth = {tuple(sorted((a, b))) for a, b in zip(originals["doc_id"].astype(str), copies["doc_id"])}
    return corpus.astype({"doc_id": str}), truth


def recall_precision(corpus: pd.DataFrame, truth: set) -> tuple[float, float, int]:
    pairs = find_duplicates(corpus)
    found = {tuple(sorted(p)) for p in zip(pairs["doc_id_a"], pairs["doc_id_b"])}
    hit = len(found & truth)
    return hit / len(truth), (hit / len(found) if found else 1.0), len(found)


def test_reprints_of_allsides_articles_recall_and_precision():
    from conftest import shared_path

    corpus, truth = build_reprints(shared_path("allsides", "articles.parquet"))
    assert len(truth) == 300 and len(corpus) >= 850
    recall, precision, found = recall_precision(corpus, truth)
    assert recall >= 0.95, (recall, precision, found)
    assert precision >= 0.95, (recall, precision, found)
