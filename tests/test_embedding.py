"""The embedder with the real bundled model, and the model id recorded in index manifests."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from indexer.embedding import Embedder, EmbeddingModelUnavailable, model_id_of, same_model
from indexer.settings import Settings


@pytest.mark.slow
def test_vectors_are_normalised_float32_rows(embedder):
    vectors = embedder.embed(["Children in care", "Leaving care", "Adoption"])
    assert vectors.shape == (3, embedder.dimension) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, embedder.dimension)


@pytest.mark.slow
def test_query_vector_matches_batch_vector(embedder):
    text = "How long do care leavers wait for housing?"
    assert np.allclose(embedder.embed_query(text), embedder.embed([text, "other"])[0], atol=1e-5)


@pytest.mark.slow
def test_related_texts_are_closer_than_unrelated(embedder):
    question, related, unrelated = embedder.embed(
        [
            "Are social workers' caseloads manageable?",
            "Social workers told inspectors that their caseloads are too high.",
            "The library opening hours change on bank holidays.",
        ]
    )
    assert question @ related > question @ unrelated + 0.2


@pytest.mark.slow
def test_embedders_of_one_model_share_the_loaded_model(embedder):
    other = Embedder.from_settings(Settings())
    other.warm_up()
    assert other._st is embedder._st


def test_model_id_names_the_model_not_its_location(tmp_path):
    bundled = Settings().resolved_embedding_model()
    moved = tmp_path / "copy" / "model"
    shutil.copytree(bundled, moved)
    assert same_model(model_id_of(str(moved)), model_id_of(bundled))
    assert model_id_of(bundled).split("@")[0] != "model"  # a generic folder name is replaced

    (moved / "config.json").write_text((moved / "config.json").read_text().replace("384", "385"))
    assert not same_model(model_id_of(str(moved)), model_id_of(bundled))


def test_model_given_by_name_is_named_by_it():
    assert model_id_of("sentence-transformers/all-MiniLM-L6-v2") == "sentence-transformers/all-MiniLM-L6-v2"
    assert same_model("sentence-transformers/all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2")
    assert not same_model("sentence-transformers/all-MiniLM-L6-v2", "BAAI/bge-small-en-v1.5")
    assert not same_model(None, "x")


def test_missing_model_fails_with_its_name(tmp_path):
    missing = str(tmp_path / "no-such-model")
    embedder = Embedder(missing)  # configuration alone loads nothing
    with pytest.raises(EmbeddingModelUnavailable, match="no-such-model"):
        embedder.embed(["text"])
