"""Serving memory on the transformers path: base models are evicted least recently used
under the budget."""

from core.engine.catalog import Catalog
from core.engine.inference import Generation, Inference
from core.engine.store import Store
from core.engine.tiny import make_tiny_model


def test_least_recently_used_base_is_evicted_under_the_budget(tmp_path, tiny_model):
    other = make_tiny_model(tmp_path / "other", seed=1)
    catalog = Catalog(tmp_path / "cache", {"tiny": str(tiny_model), "other": str(other)})
    store = Store(tmp_path / "data")
    one_model = sum(p.numel() * 4 for p in catalog.load_model("tiny")[0].parameters())
    serving = Inference(catalog, store, memory_budget=int(one_model * 1.5), serve="transformers")

    def say(model_id):
        info = Generation()
        text = "".join(serving.generate(serving.target(model_id), None, messages=[{"role": "user", "content": "hi"}],
                                        max_tokens=3, temperature=0, top_p=1, stop=[], seed=None, info=info))
        return text, info

    say("tiny")
    assert list(serving.loaded) == ["tiny"]
    _, info = say("other")
    assert list(serving.loaded) == ["other"]  # tiny was evicted to stay under the budget
    assert info.completion_tokens == 3 and info.finish_reason == "length"
    serving.budget = one_model * 3
    say("tiny")
    say("other")
    assert list(serving.loaded) == ["tiny", "other"]  # most recently used last
