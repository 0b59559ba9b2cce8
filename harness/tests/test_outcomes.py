"""Every kind of test outcome gets the status pytest gives it, in fork and inline mode."""

from __future__ import annotations

import textwrap

import pytest

from tests.supervisor import FakeSupervisor

PROJECT = {
    "conftest.py": textwrap.dedent(
        """
        import pytest

        @pytest.fixture
        def broken_setup():
            raise RuntimeError("setup exploded")

        @pytest.fixture
        def broken_teardown():
            yield
            raise RuntimeError("teardown exploded")
        """
    ),
    "test_outcomes.py": textwrap.dedent(
        """
        import asyncio
        import os
        import unittest

        import pytest

        def test_pass():
            pass

        def test_fail():
            assert 1 == 2

        def test_raises_value_error():
            raise ValueError("bad value")

        @pytest.mark.skip(reason="not today")
        def test_skip_marker():
            pass

        def test_skip_call():
            pytest.skip("skipped inside")

        @pytest.mark.xfail(reason="known bug")
        def test_xfail():
            assert False

        @pytest.mark.xfail(reason="fixed already")
        def test_xpass():
            pass

        @pytest.mark.xfail(reason="strictly broken", strict=True)
        def test_xpass_strict():
            pass

        def test_setup_error(broken_setup):
            pass

        def test_teardown_error(broken_teardown):
            pass

        def test_fail_and_teardown_error(broken_teardown):
            assert 0, "call failed"

        @pytest.mark.parametrize("n", [1, 2, pytest.param(3, id="three")])
        def test_param(n):
            assert n != 2

        class TestGroup:
            def test_method(self):
                assert True

            def test_method_fails(self):
                assert "a" == "b"

        class Case(unittest.TestCase):
            def test_unittest_pass(self):
                self.assertEqual(1, 1)

            def test_unittest_fail(self):
                self.assertEqual(1, 2)

            @unittest.skip("unittest skip")
            def test_unittest_skip(self):
                pass

        async def test_async_fresh_loop():
            loop = asyncio.get_running_loop()
            await asyncio.sleep(0)
            assert loop.is_running()

        async def test_async_fails():
            await asyncio.sleep(0)
            assert False, "async failure"

        def test_capsys(capsys):
            print("to stdout")
            assert capsys.readouterr().out == "to stdout\\n"
            print("after readouterr")

        def test_output_is_captured():
            print("hello out")
            import sys
            sys.stderr.write("hello err\\n")

        def test_tmp_path(tmp_path):
            (tmp_path / "f").write_text("x")
            assert (tmp_path / "f").read_text() == "x"

        def test_monkeypatch(monkeypatch):
            monkeypatch.setenv("TACH_SOME_VAR", "1")
            assert os.environ["TACH_SOME_VAR"] == "1"

        def test_monkeypatch_undone():
            assert "TACH_SOME_VAR" not in os.environ
        """
    ),
}

EXPECTED = {
    "test_pass": "pass",
    "test_fail": "fail",
    "test_raises_value_error": "fail",
    "test_skip_marker": "skip",
    "test_skip_call": "skip",
    "test_xfail": "xfail",
    "test_xpass": "xpass",
    "test_xpass_strict": "fail",
    "test_setup_error": "error",
    "test_teardown_error": "error",
    "test_fail_and_teardown_error": "fail",
    "test_param[1]": "pass",
    "test_param[2]": "fail",
    "test_param[three]": "pass",
    "TestGroup::test_method": "pass",
    "TestGroup::test_method_fails": "fail",
    "Case::test_unittest_fail": "fail",  # unittest orders methods by name
    "Case::test_unittest_pass": "pass",
    "Case::test_unittest_skip": "skip",
    "test_async_fresh_loop": "pass",
    "test_async_fails": "fail",
    "test_capsys": "pass",
    "test_output_is_captured": "pass",
    "test_tmp_path": "pass",
    "test_monkeypatch": "pass",
    "test_monkeypatch_undone": "pass",
}


@pytest.fixture(scope="module", params=["fork", "inline"])
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    fake = FakeSupervisor(tmp_path_factory.mktemp(request.param))
    try:
        # Installed third-party plugins stay on here: the harness must work with them.
        collected = fake.collect(PROJECT, args=["-p", "no:cacheprovider"])
        run = fake.run(workers=1, mode=request.param)
        return {"collected": collected, "results": run.results, "mode": request.param}
    finally:
        fake.kill_everything()


def result(outcomes: dict, name: str) -> dict:
    return outcomes["results"][f"test_outcomes.py::{name}"]


def test_every_outcome_gets_the_status_pytest_gives(outcomes: dict) -> None:
    statuses = {tid.split("::", 1)[1]: r["status"] for tid, r in outcomes["results"].items()}
    assert statuses == EXPECTED


def test_collected_lists_tests_in_order_with_file_and_line(outcomes: dict) -> None:
    tests = outcomes["collected"]["tests"]
    assert [t["id"].split("::", 1)[1] for t in tests] == list(EXPECTED)
    first = tests[0]
    assert first["file"] == "test_outcomes.py" and first["line"] == 8 and first["timeout"] is None
    assert outcomes["collected"]["errors"] == [] and outcomes["collected"]["deselected"] == 0


def test_failure_message_is_one_line_with_exception_type(outcomes: dict) -> None:
    assert result(outcomes, "test_fail")["message"] == "AssertionError: assert 1 == 2"
    assert result(outcomes, "test_raises_value_error")["message"] == "ValueError: bad value"
    assert "raise ValueError" in result(outcomes, "test_raises_value_error")["longrepr"]


def test_skip_and_xfail_messages_carry_the_reason(outcomes: dict) -> None:
    assert result(outcomes, "test_skip_marker")["message"] == "not today"
    assert result(outcomes, "test_skip_call")["message"] == "skipped inside"
    assert result(outcomes, "test_xfail")["message"] == "known bug"
    assert "XPASS(strict)" in result(outcomes, "test_xpass_strict")["longrepr"]


def test_setup_and_teardown_errors_name_the_phase(outcomes: dict) -> None:
    setup = result(outcomes, "test_setup_error")
    assert setup["when"] == "setup" and setup["message"] == "RuntimeError: setup exploded"
    teardown = result(outcomes, "test_teardown_error")
    assert teardown["when"] == "teardown" and teardown["message"] == "RuntimeError: teardown exploded"
    both = result(outcomes, "test_fail_and_teardown_error")
    assert both["when"] == "call" and "call failed" in both["message"]


def test_output_of_every_phase_is_captured(outcomes: dict) -> None:
    captured = result(outcomes, "test_output_is_captured")
    assert captured["stdout"] == "hello out\n" and captured["stderr"] == "hello err\n"
    assert captured["truncated"] == {}
    assert result(outcomes, "test_capsys")["stdout"] == "after readouterr\n"


def test_result_carries_phases_duration_and_pid(outcomes: dict) -> None:
    passed = result(outcomes, "test_pass")
    assert [p["when"] for p in passed["phases"]] == ["setup", "call", "teardown"]
    assert all(p["outcome"] == "passed" for p in passed["phases"])
    assert passed["duration_ms"] == pytest.approx(sum(p["duration_ms"] for p in passed["phases"]), abs=0.01)
    pids = {r["pid"] for r in outcomes["results"].values()}
    if outcomes["mode"] == "fork":
        assert len(pids) == len(EXPECTED)  # a fresh process per test
    else:
        assert len(pids) == 1
