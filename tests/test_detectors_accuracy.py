"""The general reading rules behind the accuracy follow-up (issue #3), each on real corpus text.

Every rule has a positive and a negative case on different papers, so a rule that fires everywhere
(or nowhere) fails here. The reference scans in ``../shared/corpus/labels`` agree with every
expectation below; the ids say which rule is exercised.
"""

from __future__ import annotations

import pytest

from scanner.detectors.base import compile_words
from scanner.detectors.facts import Facts
from scanner.evidence import locate
from scanner.rubrics.registry import detectors
from tests.conftest import load_corpus_paper

ACL = "acl2020-s2orc-open-research-corpus.pdf"
CROWD = "arxiv-1804.07821-crowd-counting-cv.pdf"
ADAM = "arxiv-2025-simplifying-adam-bias-correction.pdf"
COGSCI = "cogsci2024-social-explanation-irb.pdf"
EACL = "eacl2023-longeval-human-eval-faithfulness.pdf"
HCI = "hci-eeg-mobile-feedback-f-stats.pdf"
GAPS = "llm-gaps-in-safety-net-neurips-checklist-analysis.pdf"
MATHPILE = "llm-mathpile-pretraining-corpus-contamination.pdf"
SURVEY = "neurips24ckl-autosurvey-challenge-llm.pdf"
CITE = "neurips24ckl-citation-bias-peer-review.pdf"
DPO = "neurips24ckl-dpo-direct-preference-optimization.pdf"
MAUS = "psych-apa-stats-mausbach-caregivers-encoded-operators.pdf"
JPSP = "psych-jpsp2014-oral-approach-avoidance.pdf"
PAPERMAGE = "arxiv-papermage-emnlp2023-demo.pdf"

NA, YES, NO = (False, False), (True, True), (True, False)


def run(item: str, name: str) -> tuple[bool, bool, str]:
    """(applies, answer, justification) of detector ``item`` on corpus paper ``name``; quotes grounded."""
    paper = load_corpus_paper(name)
    a = detectors()[item](paper, Facts(paper))
    for ev in a.evidence:
        assert locate(paper, ev.quote.split(" ... ")[0]) is not None, ev.quote
    return a.applies, a.answer, a.justification


CASES = [
    # software vs behavioural analysis: code applies to computational work only
    pytest.param("code_released", JPSP, NA, id="code-na-behavioural-anova"),
    pytest.param("code_released", HCI, NO, id="code-applies-mobile-app-eeg"),
    # an IRB approval of the paper's own experiment means people took part (reviewers studied)
    pytest.param("irb_or_ethics_approval", CITE, YES, id="irb-own-experiment-makes-participants"),
    pytest.param("irb_or_ethics_approval", GAPS, NA, id="irb-keyword-list-is-not-a-study"),
    # contamination applies where pre-trained models are evaluated (capability or named benchmark)
    pytest.param("training_cutoff_stated", SURVEY, NO, id="cutoff-llm-capability-evaluated"),
    pytest.param("training_cutoff_stated", GAPS, NA, id="cutoff-na-llm-as-classifier"),
    # overlap needs train/test words, not objects that overlap in an image
    pytest.param("train_test_overlap_discussed", MATHPILE, YES, id="overlap-contamination-check"),
    pytest.param("train_test_overlap_discussed", CROWD, NO, id="overlap-objects-not-data"),
    # human evaluation applies to outputs meant for people, not to behavioural experiments
    pytest.param("human_evaluation", HCI, YES, id="humaneval-feedback-questionnaire"),
    pytest.param("human_evaluation", JPSP, NA, id="humaneval-na-stimulus-ratings"),
    pytest.param("human_evaluation", ACL, YES, id="humaneval-manual-checks"),
    # model versions: sized checkpoints count, a model family ("GPT-3.5") does not
    pytest.param("model_versions_specified", EACL, YES, id="versions-large-checkpoints"),
    pytest.param("model_versions_specified", SURVEY, NO, id="versions-family-only"),
    pytest.param("model_versions_specified", MAUS, NO, id="versions-mixed-models-no-software"),
    pytest.param("model_versions_specified", JPSP, NA, id="versions-na-ttests"),
    # hyperparameters need values of key settings
    pytest.param("hyperparameters_reported", ADAM, YES, id="hyper-batch-size-value"),
    pytest.param("hyperparameters_reported", CROWD, NO, id="hyper-optimizer-name-only"),
    pytest.param("hyperparameters_reported", COGSCI, NO, id="hyper-fitted-model-values-missing"),
    # search budget needs the space, not the words "grid search"
    pytest.param("hyperparameter_search_budget", DPO, YES, id="search-value-sets"),
    pytest.param("hyperparameter_search_budget", COGSCI, NO, id="search-grid-without-space"),
    pytest.param("best_config_selection_justified", ACL, YES, id="selection-development-set"),
    # preprocessing: real data steps, not a conv filter or a normalisation layer
    pytest.param("data_preprocessing_documented", MATHPILE, YES, id="preprocess-cleaning"),
    pytest.param("data_preprocessing_documented", ADAM, NO, id="preprocess-norm-layer-is-not"),
    pytest.param("data_preprocessing_documented", SURVEY, NO, id="preprocess-normalized-scores-is-not"),
    # pipeline: counts at each step, not the word "pipeline"
    pytest.param("data_pipeline_documented", JPSP, YES, id="pipeline-discarded-counts"),
    pytest.param("data_pipeline_documented", DPO, NO, id="pipeline-word-only"),
    # data collection: a data-building section or instrument, not "survey" or a keyword list
    pytest.param("data_collection_described", ACL, YES, id="collection-data-section"),
    pytest.param("data_collection_described", MAUS, YES, id="collection-measured-using"),
    pytest.param("data_collection_described", GAPS, NO, id="collection-keyword-list-is-not"),
    # data released: named public data by citation; a code link is not a data release
    pytest.param("data_released", CROWD, YES, id="data-cited-public-datasets"),
    pytest.param("data_released", COGSCI, NO, id="data-code-link-only"),
    pytest.param("data_released", PAPERMAGE, YES, id="data-evaluated-on-cited-dataset"),
    # human-study items: phrasing of the practice, not look-alikes
    pytest.param("attrition_reported", JPSP, YES, id="attrition-discarded-out-of"),
    pytest.param("attrition_reported", COGSCI, NO, id="attrition-none"),
    pytest.param("randomization_described", HCI, YES, id="random-block-order"),
    pytest.param("randomization_described", MAUS, NA, id="random-na-cohort"),
    pytest.param("randomization_described", DPO, NO, id="random-listed-volunteers-is-not"),
    pytest.param("blinding_described", JPSP, YES, id="blinding-funnel-debriefing"),
    pytest.param("blinding_described", CITE, NO, id="blinding-double-blind-review-is-not"),
    pytest.param("demographics_reported", DPO, YES, id="demographics-students"),
    pytest.param("inclusion_exclusion_criteria", DPO, NO, id="inclusion-proof-must-have-is-not"),
    # rigor module
    pytest.param("number_of_runs_stated", HCI, YES, id="runs-trials"),
    pytest.param("number_of_runs_stated", SURVEY, YES, id="runs-subsets"),
    pytest.param("compute_budget_vs_performance", DPO, NO, id="compute-model-size-is-not"),
    pytest.param("compute_budget_vs_performance", COGSCI, NA, id="compute-na-no-models"),
    # abstract numbers: years and numbers from cited work are not the paper's own claims
    pytest.param("abstract_claims_supported", COGSCI, YES, id="abstract-cited-numbers-not-own"),
    pytest.param("abstract_claims_supported", HCI, NO, id="abstract-own-numbers-missing"),
    # leakage: time dimension of this study's data, not future work
    pytest.param("temporal_leakage_addressed", MAUS, NO, id="temporal-longitudinal-applies"),
    pytest.param("temporal_leakage_addressed", GAPS, NA, id="temporal-future-work-is-not"),
]


@pytest.mark.parametrize(("item", "name", "expected"), CASES)
def test_reading_rule(item: str, name: str, expected: tuple[bool, bool]) -> None:
    applies, answer, why = run(item, name)
    assert (applies, answer) == expected, why


@pytest.mark.parametrize(
    ("name", "present", "absent"),
    [
        pytest.param(HCI, {"human-subjects"}, {"observational", "llm-eval"}, id="tags-within-subjects"),
        pytest.param(MAUS, {"human-subjects", "observational"}, {"ml-training"}, id="tags-cohort"),
        pytest.param(DPO, {"llm-eval", "ml-training", "benchmark-eval", "theory"}, {"observational"}, id="tags-dpo"),
        pytest.param(ADAM, {"ml-training"}, {"llm-eval", "human-subjects"}, id="tags-optimizer"),
        pytest.param(SURVEY, {"llm-eval"}, {"ml-training"}, id="tags-llm-challenge"),
    ],
)
def test_methodology_tags(name: str, present: set[str], absent: set[str]) -> None:
    paper = load_corpus_paper(name)
    tags = set(Facts(paper).methodology_tags)
    assert present <= tags and not (absent & tags), tags


def test_pattern_ending_in_digit_matches_whole_number() -> None:
    pattern = compile_words(r"remaining \d")
    assert pattern.search("the remaining 125 items").group(0) == "remaining 125"
    assert pattern.search("remaining items") is None


def test_shared_matches_replay_the_scan_for_every_reader() -> None:
    paper = load_corpus_paper(CROWD)
    pattern = compile_words("the", "count\\w*")
    expected = [m.span() for start, end in paper.body_spans for m in pattern.finditer(paper.text, start, end)]
    first = paper.iter_matches(pattern)
    partial = [m.span() for m, _ in zip(first, range(3), strict=False)]  # a reader that stops early
    interleaved = []
    for m in paper.iter_matches(pattern):  # a second reader starts while the first is still open
        interleaved.append(m.span())
        if len(interleaved) == 5:
            assert [n.span() for n in paper.iter_matches(pattern)] == expected  # a third runs to the end
    assert partial == expected[:3]
    assert interleaved == expected
    assert paper.iter_matches(pattern) is first
