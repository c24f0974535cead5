"""Steps about access to balanz's API: logging in, and what each user type may call."""

from behave import given, then, when
from behave.runner import Context
from hamcrest import assert_that

from balanz_acceptance.actors.api_matrix import answered_as_matrix, matrix_from_rows
from balanz_acceptance.actors.session_matchers import all_answered_with, answered_with, logged_in_as


@given("a client is connected to balanz's API and has not logged in")
def step_client_connected(context: Context) -> None:
    context.world.api_client.connect()


@given("a client has logged in to balanz's API as the {user_type} user")
def step_client_logged_in(context: Context, user_type: str) -> None:
    answer = context.world.api_client.log_in_as(user_type)
    assert_that(answer, logged_in_as(user_type), f"login with the token of the {user_type} user")


@when("the client logs in with the token {token}, which no API user has")
def step_client_logs_in(context: Context, token: str) -> None:
    context.world.api_client.log_in_with_unknown_token(token)


@when("the client tries to {activity} ({command})")
def step_client_tries(context: Context, activity: str, command: str) -> None:
    context.world.api_client.attempt(command, activity)


@when("the client tries every command of balanz's API")
def step_client_tries_every_command(context: Context) -> None:
    context.world.try_every_command()


@when("the client tries every command of balanz's API, those for a charger at {alias:Alias}")
def step_client_tries_every_command_at(context: Context, alias: str) -> None:
    context.world.try_every_command(alias)


@then("the call is answered {status}")
def step_call_answered(context: Context, status: str) -> None:
    assert_that(context.world.api_client.last, answered_with(status), "balanz's answer")


@then("every call is answered {status}")
def step_every_call_answered(context: Context, status: str) -> None:
    assert_that(context.world.api_client.answers, all_answered_with(status), "balanz's answers")


@then("balanz answers each command as the {user_type} column of this matrix says:")
def step_answered_as_matrix(context: Context, user_type: str) -> None:
    matrix = matrix_from_rows(context.table.headings, (row.cells for row in context.table))
    assert_that(context.world.api_client.answers, answered_as_matrix(matrix, user_type), "balanz's answers")
