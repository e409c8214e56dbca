"""AHP and entropy weights (nmt_lab.scoring) checked against published worked examples."""

import numpy as np
import pandas as pd
import pytest

from nmt_lab import scoring


def test_saaty_chairs_example():
    """Saaty, T. L. (1977). A scaling method for priorities in hierarchical structures.
    Journal of Mathematical Psychology 15(3), 234–281 (also Saaty, *The Analytic Hierarchy
    Process*, McGraw-Hill 1980, ch. 2): four chairs at increasing distance from a light, the
    relative brightness judged pairwise. Published: eigenvector (0.61, 0.24, 0.10, 0.05),
    λmax = 4.39 (so CI = 0.13 and, with RI = 0.90, CR ≈ 0.14: above Saaty's 0.1 limit)."""
    a = [[1, 5, 6, 7], [1 / 5, 1, 4, 6], [1 / 6, 1 / 4, 1, 4], [1 / 7, 1 / 6, 1 / 4, 1]]
    r = scoring.ahp(a)
    assert np.allclose(r["weights"].to_numpy(), [0.61, 0.24, 0.10, 0.05], atol=0.01)
    assert r["lambda_max"] == pytest.approx(4.39, abs=0.005)
    assert r["CI"] == pytest.approx(0.13, abs=0.005)
    assert r["RI"] == 0.90 and r["CR"] == pytest.approx(0.145, abs=0.005)
    assert not r["consistent"]
    with pytest.raises(ValueError, match="一致性检验未通过"):
        scoring.ahp_weights(a)


def test_consistent_matrix_recovers_its_weights():
    """Saaty (1977), theorem: for a consistent matrix a_ij = w_i / w_j the principal eigenvector
    is w itself and λmax = n, so CI = CR = 0."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    r = scoring.ahp(np.outer(w, 1 / w))
    assert np.allclose(r["weights"].to_numpy(), w)
    assert r["lambda_max"] == pytest.approx(4.0) and r["CR"] == pytest.approx(0.0, abs=1e-9)


def test_three_criteria_textbook_matrix():
    """The 3 × 3 judgement matrix (1, 3, 5 / 1/3, 1, 3 / 1/5, 1/3, 1) used in many AHP
    tutorials: weights 0.637, 0.258, 0.105, λmax = 3.039, CR = 0.033 (< 0.1, accepted)."""
    r = scoring.ahp(scoring.pairwise_matrix({("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 3}))
    assert r["weights"].round(3).tolist() == [0.637, 0.258, 0.105]
    assert r["lambda_max"] == pytest.approx(3.0385, abs=1e-4)
    assert r["CR"] == pytest.approx(0.033, abs=1e-3) and r["consistent"]


def test_random_index_table_is_saatys():
    assert [scoring.RANDOM_INDEX[n] for n in range(3, 10)] == [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45]


def test_bad_matrices_get_chinese_messages():
    with pytest.raises(ValueError, match="互反"):
        scoring.ahp([[1, 3], [3, 1]])
    with pytest.raises(ValueError, match="1–9"):
        scoring.pairwise_matrix({("a", "b"): 12})


def test_entropy_hand_worked_example():
    """The textbook steps of the entropy weight method (min-max normalise, p_ij = r_ij / Σ_i r_ij,
    e_j = −(1/ln m) Σ p ln p with 0·ln 0 = 0, d_j = 1 − e_j, w_j = d_j / Σ d), as set out e.g. in
    Zeleny, *Multiple Criteria Decision Making* (McGraw-Hill 1982), "entropy measure of contrast
    intensity". No published numeric example could be checked offline, so this one is worked by
    hand (every step below can be redone on paper) for m = 3:
    x = (1, 2, 3) → r = (0, .5, 1) → p = (0, 1/3, 2/3) → e = 0.5794;
    y = (10, 10, 40) → r = (0, 0, 1) → p = (0, 0, 1) → e = 0;  d = (0.4206, 1) → w = (0.296, 0.704)."""
    m = pd.DataFrame({"x": [1.0, 2, 3], "y": [10.0, 10, 40]})
    t = scoring.entropy_table(m)
    e_x = -(1 / 3 * np.log(1 / 3) + 2 / 3 * np.log(2 / 3)) / np.log(3)
    assert t.loc["x", "e"] == pytest.approx(e_x) and e_x == pytest.approx(0.5794, abs=1e-4)
    assert t.loc["y", "e"] == pytest.approx(0.0)
    assert t["weight"].round(3).tolist() == [0.296, 0.704]
    assert scoring.weights_by("entropy", m).sum() == pytest.approx(1.0)


def test_entropy_properties():
    """A constant indicator carries no information (weight 0); a cost indicator turned round
    gets the same weight as its mirror image; the order of rows does not matter."""
    m = pd.DataFrame({"a": [3.0, 1, 2, 5], "b": [7.0, 7, 7, 7], "c": [1.0, 4, 2, 2]})
    w = scoring.entropy_weights(m)
    assert w["b"] == 0 and w.sum() == pytest.approx(1)
    assert scoring.entropy_weights(m.iloc[::-1]).to_dict() == pytest.approx(w.to_dict())
    mirrored = m.assign(c=-m["c"])
    assert scoring.entropy_weights(mirrored, {"c": "cost"})["c"] == pytest.approx(w["c"])


def test_combined_and_hierarchy_weights_sum_to_one():
    idx = pd.DataFrame({"level1": ["传播力", "传播力", "转化力"], "indicator": ["a", "b", "c"]})
    w = scoring.hierarchy_weights(idx, {"传播力": 2, "转化力": 1}, {"传播力": {"a": 3, "b": 1}})
    assert w.round(3).to_dict() == {"a": 0.5, "b": 0.167, "c": 0.333}
    c = scoring.combine_weights(w, {"a": 0.2, "b": 0.2, "c": 0.6}, alpha=0.5)
    assert c.sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="没有权重"):
        scoring.hierarchy_weights(idx, {"传播力": 1})


def test_anomalies_and_drivers():
    t = pd.DataFrame({"platform": ["A"] * 6 + ["B"] * 6,
                      "score": [0.5, 0.52, 0.48, 0.51, 0.49, 0.1, 0.3, 0.31, 0.29, 0.3, 0.32, 0.28]})
    assert scoring.anomalies(t)["score"].tolist() == [0.1]
    m = pd.DataFrame({"a": [1.0, 0, 1], "b": [0.0, 1, 1]}, index=["x", "y", "z"])
    assert scoring.score_drivers(m, {"a": 1, "b": 1}, row="x").index[0] == "b"


def test_ahp_view_turns_red_when_inconsistent():
    ok = scoring.ahp_view({("a", "b"): 2, ("a", "c"): 4, ("b", "c"): 2})
    assert ok["color"] == "green" and ok["weights"]["a"] > ok["weights"]["b"]
    bad = scoring.ahp_view({("a", "b"): 9, ("b", "c"): 9, ("a", "c"): 1 / 9})
    assert bad["color"] == "red" and bad["CR"] >= 0.1
    m = pd.DataFrame({"a": [1.0, 0], "b": [0.0, 1], "c": [0.0, 1]}, index=["X", "Y"])
    assert scoring.ahp_view({("a", "b"): 9, ("a", "c"): 9, ("b", "c"): 1}, m)["ranking"] == ["X", "Y"]


def test_ahp_panel_updates_without_a_browser():
    panel = scoring.ahp_panel(["a", "b", "c"], {("a", "b"): 3})
    assert "CR" in panel.card.value
    panel.controls["a|c"].value = -8   # c is 9 × as important as a, while a > b: inconsistent
    panel.controls["b|c"].value = 8
    assert "#d62828" in panel.card.value


def test_ahp_panel_starts_from_the_given_judgements_either_way_round():
    panel = scoring.ahp_panel(["a", "b"], {("b", "a"): 3})
    assert panel.controls["a|b"].value == -2          # b is 3 × as important as a
    assert "b 比 a = 3" in panel.card.value
