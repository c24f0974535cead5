"""Steps about access to balanz's API: logging in, and what each user type may call."""

from behave import given, register_type, then, when
from behave.runner import Context
from hamcrest import assert_that
from parse import with_pattern

from balanz_acceptance.actors.session_matchers import all_answered_with, answered_with, call_verdict, logged_in_as


@with_pattern(r"allowed|refused")
def parse_verdict(text: str) -> str:
    return text


register_type(Verdict=parse_verdict)


@given("a client is connected to balanz's API and has not logged in")
def step_client_connected(context: Context) -> None:
    context.add_cleanup(context.world.close_api_client)
    context.world.api_client.connect()


@given("a client has logged in to balanz's API as the {user_type} user")
def step_client_logged_in(context: Context, user_type: str) -> None:
    context.add_cleanup(context.world.close_api_client)
    answer = context.world.api_client.log_in_as(user_type)
    assert_that(answer, logged_in_as(user_type), f"login with the token of the {user_type} user")


@when("the client logs in with the token {token}, which no API user has")
def step_client_logs_in(context: Context, token: str) -> None:
    context.world.api_client.log_in_with_unknown_token(token)


@when("the client tries to {activity} ({command})")
def step_client_tries(context: Context, activity: str, command: str) -> None:
    context.world.api_client.attempt(command, activity)


@when("the client tries each of these calls:")
def step_client_tries_each(context: Context) -> None:
    context.world.api_client.attempt_all([(row["command"], row["the client tries to"]) for row in context.table])


@then("the call is answered {status}")
def step_call_answered(context: Context, status: str) -> None:
    assert_that(context.world.api_client.last, answered_with(status), "balanz's answer")


@then("every call is answered {status}")
def step_every_call_answered(context: Context, status: str) -> None:
    assert_that(context.world.api_client.answers, all_answered_with(status), "balanz's answers")


@then("the call is {verdict:Verdict}")
def step_call_verdict(context: Context, verdict: str) -> None:
    client = context.world.api_client
    assert_that(client.last, call_verdict(verdict), f"{client.last.command}: balanz's answer")
