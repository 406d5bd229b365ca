"""`contested serve`: tokens and read-only mode follow the bind address."""

from __future__ import annotations

import pytest

from contested.errors import InputError


@pytest.fixture()
def started(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Run `serve` without serving: capture the app uvicorn would have run."""
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setattr("contested.web.geo.warm", lambda: None)
    return seen


def _serve(tmp_path, **options):  # noqa: ANN001, ANN003, ANN202
    from contested.cli.serve import serve

    defaults = dict(db=str(tmp_path / "s.db"), host="127.0.0.1", port=8000, token=None)
    serve(**{**defaults, **options})


def test_localhost_gets_a_generated_token(started, tmp_path, capsys) -> None:
    _serve(tmp_path)
    settings = started["app"].state.settings
    assert settings.writes_enabled and len(settings.token) >= 16
    assert settings.token in capsys.readouterr().err
    assert "127.0.0.1" in settings.allowed_hosts


def test_beyond_localhost_without_token_is_read_only(started, tmp_path) -> None:
    _serve(tmp_path, host="0.0.0.0")
    settings = started["app"].state.settings
    assert not settings.writes_enabled and settings.allowed_hosts is None


def test_given_token_is_used(started, tmp_path) -> None:
    _serve(tmp_path, host="0.0.0.0", token="a-long-enough-token")
    assert started["app"].state.settings.token == "a-long-enough-token"


def test_short_token_refused(started, tmp_path) -> None:
    with pytest.raises(InputError):
        _serve(tmp_path, token="short")
