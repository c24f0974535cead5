"""Steps about the charger as a device: the chargers the harness plays itself, reboots, power losses, silence, and
what balanz makes of a charger that comes back; the charging profiles a charger the harness plays holds.

A real charger is declared with "<alias> is a real charger", optionally followed by what sets it apart
(core/charger_model.py CLAUSES); the harness plays it and no simulator is started for it (core/site.py PLAYED).
"""

from _types import profiles_table
from behave import given, then, when
from behave.runner import Context

from balanz_acceptance.core.timing import Duration


@given("{alias:Alias} is a charger that keeps its transaction when its connection drops")
def step_played_charger(context: Context, alias: str) -> None:
    context.world.chargers.play(alias)


@given(
    "{alias:Alias} is a charger that keeps its transaction when its connection drops, and sends its meter values "
    "every {duration:Duration} from when it connects, not when balanz asks for them"
)
def step_played_charger_every(context: Context, alias: str, duration: Duration) -> None:
    context.world.chargers.play(alias, meter_values_every=duration)


@given("{alias:Alias} is a charger that keeps its transaction when its connection drops, and can hang")
def step_played_charger_that_hangs(context: Context, alias: str) -> None:
    context.world.chargers.play(alias, can_hang=True)


@given(
    "{alias:Alias} is a charger that keeps its transaction when its connection drops, can hang, and waits at most "
    "{wait:Duration} for the answer to each of its calls"
)
def step_played_charger_that_hangs_and_waits(context: Context, alias: str, wait: Duration) -> None:
    context.world.chargers.play(alias, can_hang=True, answer_within=wait)


@given("{first:Alias} and {second:Alias} are chargers that keep their transactions when their connections drop")
def step_played_chargers(context: Context, first: str, second: str) -> None:
    context.world.chargers.play_all([first, second])


@given("{alias:Alias} is a real charger{options:RealCharger}")
def step_real_charger(context: Context, alias: str, options: str) -> None:
    context.world.chargers.play_real([alias], options)


@then("within {within:Duration} {alias:Alias} holds exactly these charging profiles:")
def step_holds_profiles(context: Context, within: Duration, alias: str) -> None:
    context.world.chargers.played_role(alias).holds_exactly(profiles_table(context.table), within)


@then("balanz's log says it set up the default profiles of {alias:Alias}, which holds none: it rejected them")
def step_set_up_claimed(context: Context, alias: str) -> None:
    context.world.chargers.played_role(alias).set_up_claimed_but_nothing_held()


@when("{alias:Alias} reboots")
def step_reboot(context: Context, alias: str) -> None:
    context.world.chargers.reboot(alias)


@when("{alias:Alias} reconnects")
def step_reconnect(context: Context, alias: str) -> None:
    context.world.charger(alias).reconnect()


@when("{alias:Alias} loses power and is powered again {profiles:With} its default charging profiles")
def step_power_cycle(context: Context, alias: str, profiles: bool) -> None:
    context.world.chargers.power_cycle(alias, default_profiles=profiles)


@when("{alias:Alias} goes silent")
def step_goes_silent(context: Context, alias: str) -> None:
    context.world.chargers.silence(alias)


@when("{alias:Alias} works again")
def step_works_again(context: Context, alias: str) -> None:
    context.world.chargers.works_again(alias)


@then("for {duration:Duration} balanz turns {alias:Alias} away each time it connects, and shows it not connected")
def step_turned_away(context: Context, duration: Duration, alias: str) -> None:
    context.world.charger(alias).turned_away_for(duration)


@then("{alias:Alias} is connected and Available")
def step_connected(context: Context, alias: str) -> None:
    context.world.charger(alias).is_connected_and_available()


@then("{first:Alias} and {second:Alias} are connected to the restarted balanz, Available, with no session left")
def step_back_without_sessions(context: Context, first: str, second: str) -> None:
    context.world.chargers.back_without_sessions([first, second])


@then("balanz keeps the session {alias:Alias} lost open, with no offer, while the charger shows Available")
def step_lost_session_kept(context: Context, alias: str) -> None:
    context.world.charger(alias).lost_session_kept()


@then("{alias:Alias} holds no usable offer for {duration:Duration}: the EV draws nothing")
def step_blocked(context: Context, alias: str, duration: Duration) -> None:
    context.world.charger(alias).blocked_for(duration)


@then(
    "{alias:Alias} holds no usable offer for {duration:Duration}, balanz keeping the lost session open: "
    "the EV draws nothing"
)
def step_blocked_lost_session_open(context: Context, alias: str, duration: Duration) -> None:
    context.world.charger(alias).blocked_for(duration, lost_session_open=True)


@then("balanz shows a new session at {alias:Alias} for tag {tag}, offered only the minimum so far")
def step_new_session(context: Context, alias: str, tag: str) -> None:
    context.world.charger(alias).new_session_for(tag)


@then("{alias:Alias} let the EV draw the charger's own maximum of {amps:g} A before balanz's first offer reached it")
def step_allowed_before_first_offer(context: Context, alias: str, amps: float) -> None:
    context.world.chargers.allowed_own_maximum(alias, amps)


@then(
    "{alias:Alias} connects again with its transaction still open, and balanz picks it up as a session of tag "
    '"{tag}" for user "{user}"'
)
def step_picked_up(context: Context, alias: str, tag: str, user: str) -> None:
    context.world.charger(alias).picked_up_as(tag, user)


@then(
    "within {within:Duration} of picking it up and initializing {alias:Alias} again, balanz offers it the minimum "
    "of {amps:g} A, which the charger enforces"
)
def step_first_offer_after_pickup(context: Context, within: Duration, alias: str, amps: float) -> None:
    context.world.charger(alias).first_offer_after_pickup(amps, within)


@then("balanz records the session at {alias:Alias} for tag {tag} and its user, from when it picked the session up")
def step_picked_up_session_recorded(context: Context, alias: str, tag: str) -> None:
    context.world.charger(alias).recorded_from_pickup(tag)


@then(
    "until balanz picked {picked:Alias}'s transaction up, it offered {first:Alias} and {second:Alias} the minimum "
    "of {amps:g} A each, which the chargers enforced"
)
def step_minimum_until_pickup(context: Context, picked: str, first: str, second: str, amps: float) -> None:
    context.world.chargers.minimum_until_pickup(picked, [first, second], amps)


@then(
    "balanz's offer to {alias:Alias} goes back from {cut:g} A to {old:g} A after the charger accepted the cut and "
    "before it enforced it, though balanz sent it no higher limit"
)
def step_cut_taken_back(context: Context, alias: str, cut: float, old: float) -> None:
    context.world.chargers.played_role(alias).takes_back_its_cut(old, cut)


@given("{alias:Alias} enforces the charging profiles balanz set up")
def step_enforces_profiles(context: Context, alias: str) -> None:
    context.world.chargers.played_role(alias).enforces_what_it_holds()
