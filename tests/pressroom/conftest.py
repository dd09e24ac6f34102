import pytest

from pressroom.parsing import ParsedRelease, parse_file
from tests.pressroom.documents import DATA_DIR, DOC_000, DOC_004


@pytest.fixture(params=[DOC_000, DOC_004])
def any_release(request: pytest.FixtureRequest) -> ParsedRelease:
    """Each shipped press release, parsed."""
    return parse_file(DATA_DIR / request.param)
