"""Steps for real chargers: chargers the harness plays itself (balanz_acceptance/actors/real_chargers.py).

A scenario declares one with "<alias> is a real charger", optionally followed by what sets it apart
(core/charger_model.py CLAUSES); no simulator is started for it. The other steps name it "the real charger
<alias>" where a driver or an EV acts (a simulator's steps would not reach it); balanz's side of it is observed
with the steps every charger has (offers, suspensions, the group safety watch).
"""

from behave import given, register_type, step, then, when
from behave.runner import Context
from parse import with_pattern

from balanz_acceptance.core.timing import Duration


@with_pattern(r"(?:,? [^|]*)?")
def parse_real_options(text: str) -> str:
    return text


@with_pattern(r"\d[\d ]*")
def parse_wh(text: str) -> int:
    return int(text.replace(" ", ""))


register_type(RealCharger=parse_real_options, Wh=parse_wh)


@given("{alias:Alias} is a real charger{options:RealCharger}")
def step_real_charger(context: Context, alias: str, options: str) -> None:
    context.world.real_chargers.declare([alias], options)


@given("{first:Alias} and {second:Alias} are real chargers{options:RealCharger}")
def step_real_chargers(context: Context, first: str, second: str, options: str) -> None:
    context.world.real_chargers.declare([first, second], options)


@given("the EV at the real charger {alias:Alias} will delay charging")
def step_real_ev_delays(context: Context, alias: str) -> None:
    context.world.real_chargers.plug_in_ev(alias, delays=True)


@given("the EV at the real charger {alias:Alias} draws at most {amps:g} A")
def step_real_ev_limit(context: Context, alias: str, amps: float) -> None:
    context.world.real_chargers.plug_in_ev(alias, max_draw=amps)


@when("the driver presents tag {tag} at the real charger {alias:Alias}")
def step_real_present_tag(context: Context, tag: str, alias: str) -> None:
    context.world.real_chargers.present_tag(alias, tag)


@step(
    "the driver starts a session with tag {tag} at the real charger {alias:Alias}, at the minimum offer of {amps:g} A"
)
def step_real_session(context: Context, tag: str, alias: str, amps: float) -> None:
    context.world.real_chargers.start_session(alias, tag, amps)


@step("drivers start sessions at the real chargers at once, each at the minimum offer of {amps:g} A:")
def step_real_sessions(context: Context, amps: float) -> None:
    context.world.real_chargers.start_sessions(context.table, amps)


@step("the session at the real charger {alias:Alias} has charged {wh:Wh} Wh on its meter")
def step_real_charged(context: Context, alias: str, wh: int) -> None:
    context.world.real_chargers.await_charged(alias, wh)


@when("the driver unplugs the EV at the real charger {alias:Alias}")
def step_real_unplug(context: Context, alias: str) -> None:
    context.world.real_chargers.unplug(alias)


@then("balanz records the session at {alias:Alias} with the energy the charger's meter counted in it")
def step_real_energy_recorded(context: Context, alias: str) -> None:
    context.world.real_chargers.assert_energy_recorded(alias)


@then("balanz's live record of the session at {alias:Alias} gives the meter's register as the session's energy")
def step_real_live_energy(context: Context, alias: str) -> None:
    context.world.real_chargers.assert_live_energy_is_register(alias)


@then("within {within:Duration} {alias:Alias} holds exactly these charging profiles:")
def step_real_holds(context: Context, within: Duration, alias: str) -> None:
    world = context.world
    wanted = [
        (row["profile"], int(row["connector"]), None if row["limit"] == "any" else float(row["limit"]))
        for row in context.table
    ]
    world.real_chargers.assert_holds(alias, wanted, within=world.profile.within(within))


@then("the idle real charger {alias:Alias} lets no EV draw")
def step_real_allows_nothing(context: Context, alias: str) -> None:
    context.world.real_chargers.assert_allows_nothing(alias)


@then(
    "balanz offers {alias:Alias} the minimum of {amps:g} A by clearing its blocking profile, and the EV starts "
    "charging in a transaction"
)
def step_real_unblocked_charging(context: Context, alias: str, amps: float) -> None:
    context.world.real_chargers.assert_offered_by_unblocking(alias, amps, ev_draws=True)


@then(
    "balanz offers {alias:Alias} the minimum of {amps:g} A by clearing its blocking profile, while the EV stays "
    "suspended with no transaction"
)
def step_real_unblocked_suspended(context: Context, alias: str, amps: float) -> None:
    context.world.real_chargers.assert_offered_by_unblocking(alias, amps, ev_draws=False)


@then("balanz's log says it set up the default profiles of {alias:Alias}, which holds none: it rejected them")
def step_real_set_up_claimed(context: Context, alias: str) -> None:
    context.world.real_chargers.assert_set_up_claimed_but_nothing_held(alias)


@step(
    "the driver starts a session with tag {tag} at connector {connector:d} of the real charger {alias:Alias}, at the "
    "minimum offer of {amps:g} A"
)
def step_real_session_at(context: Context, tag: str, connector: int, alias: str, amps: float) -> None:
    context.world.real_chargers.start_session(alias, tag, amps, connector)


@when("the driver presents tag {tag} at connector {connector:d} of the real charger {alias:Alias}")
def step_real_present_tag_at(context: Context, tag: str, connector: int, alias: str) -> None:
    context.world.real_chargers.present_tag(alias, tag, connector)


@when("the driver unplugs the EV at connector {connector:d} of the real charger {alias:Alias}")
def step_real_unplug_at(context: Context, connector: int, alias: str) -> None:
    context.world.real_chargers.unplug(alias, connector)


@then("connector {connector:d} of the idle real charger {alias:Alias} lets no EV draw")
def step_real_connector_allows_nothing(context: Context, connector: int, alias: str) -> None:
    context.world.real_chargers.assert_allows_nothing(alias, connector)


@then("balanz answered the StartTransactions of {alias:Alias} with transaction ids {ids}")
def step_real_transaction_ids(context: Context, alias: str, ids: str) -> None:
    context.world.real_chargers.assert_transaction_ids(alias, [int(i) for i in ids.replace(" and ", ", ").split(", ")])


@then(
    "balanz shows the session at connector {connector:d} of {alias:Alias} SuspendedEVSE with 0 A for "
    "{duration:Duration}, while the charger rejects every TxProfile balanz sends it for transaction {same:d}"
)
def step_real_starved(context: Context, connector: int, alias: str, duration: Duration, same: int) -> None:
    assert same == connector, "balanz numbers a transaction by its connector: the step names the connector twice"
    context.world.real_chargers.assert_starved(alias, connector, duration)


@then(
    "balanz records the session of tag {ended} at {alias:Alias} as ended with tag {stop}, takes connector 1's "
    'transaction up again as a session of tag "Unknown", and keeps the session of tag {left} at connector 2'
)
def step_real_other_session_ended(context: Context, ended: str, alias: str, stop: str, left: str) -> None:
    context.world.real_chargers.assert_other_session_ended(alias, ended, stop, left)


@then(
    "each increase balanz made at {raised:Alias} in the same run as a cut at {cut:Alias} reached {same:Alias} only "
    "once {again:Alias} had accepted its cut and the wait after a reduction had passed, at least {count:d} times"
)
def step_real_cut_first(context: Context, raised: str, cut: str, same: str, again: str, count: int) -> None:
    assert (same, again) == (raised, cut), "the step names the raised charger, then the cut one, twice each"
    context.world.real_chargers.assert_cut_before_raise(cut, raised, count)


@then("what the real chargers {first:Alias} and {second:Alias} allowed never took {group} above its maximum or a cap")
def step_real_within_maximum(context: Context, first: str, second: str, group: str) -> None:
    context.world.real_chargers.assert_chargers_within_maximum(group, [first, second])


# --- outcomes that are the simulator's own, worded as such (issue 18 item 7) ---------------------------------
@then("balanz records the session at {alias:Alias} as stopped with the reason the simulator reports, {reason}")
def step_simulator_stop_reason(context: Context, alias: str, reason: str) -> None:
    context.world.records.stopped_with(alias, reason)


@then("balanz shows no session at {alias:Alias} for {duration:Duration}, and the refused simulator stays Available")
def step_refused_no_session(context: Context, alias: str, duration: Duration) -> None:
    context.world.charger(alias).stays_without_session(duration)
