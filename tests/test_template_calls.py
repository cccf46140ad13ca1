"""Templates call functions, methods and macros as Jinja does.

factdesk's template environment calls a plain function, a method written in C and a macro
straight away rather than through Jinja's `Context.call` (`resources._Context`). These tests
render the same templates with it and with Jinja's own context and compare: a callable that
asks for the context, the environment or the evaluation context still gets it (inside loops
and blocks too), a plain one never sees Jinja's loop and block arguments, and a callable
raising StopIteration still gives an undefined value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2
import jinja2.runtime
import pytest

from generator.resources import template_environment


def _seen(context: Any, name: str) -> str:
    return f"{name}={context.get(name, '-')}"


class _Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: object) -> str:
        self.calls += 1
        return f"counted{args}"


def _exhausted() -> object:
    empty: Iterator[int] = iter(())
    return next(empty)


def _bound() -> str:
    return "bound"


class _Holder:
    def method(self, value: object) -> str:
        return f"method({value})"

    @jinja2.pass_context
    def with_context(self, context: Any, name: str) -> str:
        return _seen(context, name)


CALLABLES: dict[str, object] = {
    "plain": lambda *args, **kwargs: f"plain{args}{sorted(kwargs)}",
    "seen": jinja2.pass_context(_seen),
    "autoescape": jinja2.pass_eval_context(lambda ctx: f"autoescape={ctx.autoescape}"),
    "environment": jinja2.pass_environment(lambda env: f"trim={env.trim_blocks}"),
    "counter": _Counter(),
    "exhausted": _exhausted,
    "holder": _Holder(),
    "table": {"a": 1},
    "bound": _bound,
}

SOURCE = """\
{% macro box(x, y=2) %}[{{ x }} {{ y }}
{%- if caller is defined %} {{ caller() }}{% endif %}]{% endmacro %}
{{ plain(1, k=2) }} {{ seen('item') }} {{ autoescape() }} {{ environment() }}
{% for item in [1, 2] %}
{{ plain(item) }} {{ seen('item') }} {{ holder.with_context('item') }} {{ holder.method(item) }}
{{ table.get('a') }} {{ table.get('b', item) }} {{ box(item) }} {{ box(item, y=3) }}
{% call box(item) %}inner {{ seen('item') }} {{ plain(item) }}{% endcall %}
{% set inside = item * 10 %}{{ seen('inside') }} {{ counter(item) }} {{ bound() }}
{% endfor %}
{{ exhausted() is undefined }} {{ "x, y".split(", ") }} {{ range(3)|list }}
"""


def _reference() -> jinja2.Environment:
    """The same settings as factdesk's environment, with Jinja's own context."""
    made = template_environment()
    return jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        trim_blocks=made.trim_blocks,
        lstrip_blocks=made.lstrip_blocks,
        keep_trailing_newline=made.keep_trailing_newline,
        autoescape=False,
    )


def test_the_environment_calls_through_its_own_context() -> None:
    env = template_environment()
    assert env.context_class is not jinja2.runtime.Context
    assert issubclass(env.context_class, jinja2.runtime.Context)


def test_calls_give_what_jinja_gives() -> None:
    ours = template_environment().from_string(SOURCE).render(**CALLABLES)
    theirs = _reference().from_string(SOURCE).render(**CALLABLES)
    assert ours == theirs
    # The comparison covers what it means to: a variable set in a loop reaches a context
    # function, and no plain function was handed Jinja's loop arguments.
    assert "inside=10" in ours and "inside=20" in ours
    assert "plain(1,)[]" in ours and "inner item=- plain(2,)[]" in ours
    assert "[1 3]" in ours and "method(2)" in ours and "True" in ours


def test_a_plain_function_raising_stop_iteration_is_undefined_when_printed() -> None:
    for env in (template_environment(), _reference()):
        with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
            env.from_string("{{ exhausted() }}").render(exhausted=_exhausted)


def test_a_function_that_asks_for_the_context_after_it_was_made_gets_it() -> None:
    # A function is looked at each call, not remembered: marking one later is seen.
    def late(*args: object) -> str:
        return f"late{len(args)}"

    env = template_environment()
    template = env.from_string("{{ late() }}")
    assert template.render(late=late) == "late0"
    late.jinja_pass_arg = jinja2.utils._PassArg.context  # type: ignore[attr-defined]
    assert template.render(late=late) == "late1"


def test_templates_see_the_environment_globals_and_keep_their_own_apart() -> None:
    env = template_environment()
    env.globals["shared"] = "first"
    template = env.from_string("{{ shared }}")
    # A global set after the template was made is seen, as through Jinja's ChainMap.
    env.globals["shared"] = "second"
    assert template.render() == "second"
    own = env.from_string("{{ shared }} {{ mine }}", globals={"mine": "own", "shared": "over"})
    assert own.render() == "over own"
    assert env.globals["shared"] == "second" and "mine" not in env.globals
    assert env.from_string("{{ mine is defined }}").render() == "False"
