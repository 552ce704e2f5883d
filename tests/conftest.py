import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(TESTS))


@pytest.fixture(scope="session")
def nlp():
    from tacitus.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture()
def db_path(tmp_path):
    return tmp_path / "test.db"
