"""Steps about time and change: consecutive sessions, time-of-day maxima, live changes, restarts, unsafe data."""

from behave import given, step, then, when
from behave.runner import Context

from balanz_acceptance.actors import live_changes, restarts, session_sequence, time_of_day, top_of_hour, unsafe_data
from balanz_acceptance.actors.balancing import offers_table


# --- consecutive sessions (features/consecutive_sessions.feature) -------------------------------------
@when("the next EV is plugged in at {alias:Alias} without a tag")
def step_plug_in_without_tag(context: Context, alias: str) -> None:
    session_sequence.plug_in_without_tag(context.world.charger(alias))


@then("{alias:Alias} holds no usable offer for {count:g} {interval:Interval}: the EV draws nothing")
def step_blocked_between_sessions(context: Context, alias: str, count: float, interval: str) -> None:
    world = context.world
    session_sequence.assert_blocked_for(world.charger(alias), count * world.profile.interval(interval))


@then("balanz shows a new session at {alias:Alias} for tag {tag}, offered only the minimum so far")
def step_new_session(context: Context, alias: str, tag: str) -> None:
    session_sequence.assert_new_session(context.world.charger(alias), tag)


# --- suspend_top_of_hour (features/suspend_top_of_hour.feature) ----------------------------------------
@given("balanz suspends a first delay until the top of the hour")
def step_top_of_hour_on(context: Context) -> None:
    top_of_hour.switch_on(context.world.operator)


@then("balanz suspends {alias:Alias} until half the unused-offer timeout before the next full hour")
def step_suspended_until_top_of_hour(context: Context, alias: str) -> None:
    context.suspend_until = top_of_hour.assert_suspended_until_top_of_hour(context.world.charger(alias))


@then("{alias:Alias} gets no offer when the delayed-start suspension has passed, only after the top of the hour")
def step_no_offer_before_top_of_hour(context: Context, alias: str) -> None:
    top_of_hour.assert_held_past_delayed_start(context.world.charger(alias), context.suspend_until)


# --- unsafe data (features/unsafe_data.feature, features/unsafe_data_known_issues.feature) -----------------
@when("the operator gives group {group} a schedule that leaves out the next {minutes:d} minutes")
def step_leave_out_now(context: Context, group: str, minutes: int) -> None:
    world = context.world
    unsafe_data.leave_out_now(world.operator, world.site.groups[group], minutes)


@then("balanz stops balancing: its balancing run fails at each of the next {count:d} full balancing runs")
def step_balancing_fails(context: Context, count: int) -> None:
    world = context.world
    unsafe_data.assert_balancing_fails(world.api, world.profile, world.record, count)


@given("the operator has deleted {alias:Alias} and created it again without a priority")
def step_recreate_without_priority(context: Context, alias: str) -> None:
    unsafe_data.recreate_without_priority(context.world.operator, context.world.charger(alias))


@given("the operator has lowered the limit of {alias:Alias} to {amps:g} A, below the minimum offer")
def step_lower_limit(context: Context, alias: str, amps: float) -> None:
    unsafe_data.lower_limit(context.world.operator, context.world.charger(alias), amps)


@then(
    "within {count:g} {interval:Interval} {alias:Alias} is offered only its limit of {amps:g} A, "
    "which its EV cannot use, for {hold:g} {hold_interval:Interval}"
)
def step_unusable_limit(
    context: Context, count: float, interval: str, alias: str, amps: float, hold: float, hold_interval: str
) -> None:
    profile = context.world.profile
    unsafe_data.assert_held_at_unusable_limit(
        context.world.charger(alias),
        amps,
        within=profile.deadline(count, interval),
        hold=hold * profile.interval(hold_interval),
    )


@then("balanz's first offer to {alias:Alias} was the minimum of {amps:g} A, above its limit of {limit:g} A")
def step_first_offer_above_limit(context: Context, alias: str, amps: float, limit: float) -> None:
    context.world.minimum_offer(amps)
    unsafe_data.assert_first_offer_above_limit(context.world.charger(alias), limit)


# --- time-of-day maxima (features/time_of_day_maxima.feature) ---------------------------------------------
@when(
    "the operator gives group {group} a schedule under which, from the next minute for at least {count:g} "
    "{interval:Interval} (in whole minutes), sessions of priority {low:d} to {high:d} may use {amps:d} A, "
    "the other priorities as usual"
)
def step_time_of_day_window(
    context: Context, group: str, count: float, interval: str, low: int, high: int, amps: int
) -> None:
    world = context.world
    lasting = count * world.profile.interval(interval)
    context.window = time_of_day.open_window(world.operator, world.site.groups[group], low, high, amps, lasting)


@then("until that minute begins the offers stay at:")
def step_until_window_starts(context: Context) -> None:
    time_of_day.hold_until(context.world, offers_table(context.table), context.window.starts, "the window begins")


@then(
    "within {count:g} {interval:Interval} of that minute's start the offers settle, "
    "and hold for {hold:g} {hold_interval:Interval}, at:"
)
def step_settle_after_window_start(
    context: Context, count: float, interval: str, hold: float, hold_interval: str
) -> None:
    world = context.world
    time_of_day.settle_after(
        world,
        offers_table(context.table),
        context.window.starts,
        world.profile.deadline(count, interval),
        hold * world.profile.interval(hold_interval),
    )


@then("until the window ends the offers stay at:")
def step_until_window_ends(context: Context) -> None:
    time_of_day.hold_until(context.world, offers_table(context.table), context.window.ends, "the window ends")


@then(
    "from the window's end the offers grow again, no faster than one step per offer-increase interval, "
    "and within {count:g} {interval:Interval} settle, and hold for {hold:g} {hold_interval:Interval}, at:"
)
def step_grow_after_window(context: Context, count: float, interval: str, hold: float, hold_interval: str) -> None:
    world = context.world
    time_of_day.grow_after(
        world,
        offers_table(context.table),
        context.window.ends,
        world.profile.deadline(count, interval),
        hold * world.profile.interval(hold_interval),
    )


# --- live changes by an operator (features/live_changes.feature) --------------------------------------------
@when("the operator lowers the priority of the session at {alias:Alias} to {priority:d}")
def step_lower_session_priority(context: Context, alias: str, priority: int) -> None:
    context.changed_at = live_changes.lower_session_priority(context.world.operator, alias, priority)


@when("the operator {change} the limit of {alias:Alias} to {amps:d} A")
def step_update_conn_max(context: Context, change: str, alias: str, amps: int) -> None:
    assert change in ("lowers", "raises"), f"the operator lowers or raises a limit, not '{change}'"
    world = context.world
    context.changed_at = live_changes.update_charger(world.operator, world.site, alias, conn_max=amps)


@when("the operator changes the priority of charger {alias:Alias} to {priority:d}")
def step_update_charger_priority(context: Context, alias: str, priority: int) -> None:
    world = context.world
    context.changed_at = live_changes.update_charger(world.operator, world.site, alias, priority=priority)


@when('the operator writes {column} "{value}" for {key} into balanz\'s {what} file')
def step_write_csv(context: Context, column: str, value: str, key: str, what: str) -> None:
    world = context.world
    live_changes.write_csv_value(world.site, world.record, what, key, column, value)


@when("the operator reloads the {what}")
def step_reload(context: Context, what: str) -> None:
    world = context.world
    context.changed_at = live_changes.reload(world.operator, what, world.watches, world.record)


# --- restarts (features/charger_restarts*.feature, features/balanz_restart.feature) ---------------------------
@when("{alias:Alias} reboots")
def step_reboot(context: Context, alias: str) -> None:
    restarts.reboot(context.world, alias)


@when("{alias:Alias} loses power and is powered again {with_profiles} its default charging profiles")
def step_power_cycle(context: Context, alias: str, with_profiles: str) -> None:
    assert with_profiles in ("with", "without"), f"'with' or 'without' its default profiles, not '{with_profiles}'"
    restarts.power_cycle(context.world, alias, default_profiles=with_profiles == "with")


@then("balanz keeps the session {alias:Alias} lost open, with no offer, while the charger shows Available")
def step_lost_session_kept(context: Context, alias: str) -> None:
    restarts.assert_lost_session_kept(context.world.charger(alias))


@then(
    "{alias:Alias} holds no usable offer for {count:g} {interval:Interval}, balanz keeping the lost session open: "
    "the EV draws nothing"
)
def step_blocked_lost_session_open(context: Context, alias: str, count: float, interval: str) -> None:
    world = context.world
    session_sequence.assert_blocked_for(
        world.charger(alias), count * world.profile.interval(interval), lost_session_open=True
    )


@when("the driver presents tag {tag} at {alias:Alias} once more")
def step_present_tag_once_more(context: Context, tag: str, alias: str) -> None:
    context.tag_presented_at = restarts.present_tag(context.world.charger(alias), tag)


@then("{alias:Alias} let the EV draw the charger's own maximum of {amps:g} A before balanz's first offer reached it")
def step_allowed_before_first_offer(context: Context, alias: str, amps: float) -> None:
    restarts.assert_allowed_before_first_offer(context.world, alias, amps, context.tag_presented_at)


@when("balanz restarts with the same runtime directory")
def step_restart_balanz(context: Context) -> None:
    restarts.restart_balanz(context.world, list(context.world.stack.sims))


@then("{first:Alias} and {second:Alias} are connected to the restarted balanz, Available, with no session left")
def step_back_without_sessions(context: Context, first: str, second: str) -> None:
    restarts.assert_back_without_sessions(context.world, [first, second])


@given("{alias:Played} is a charger that keeps its transaction when its connection drops")
def step_persistent_charger(context: Context, alias: str) -> None:
    restarts.play_persistent_charger(context.world, alias)


@given(
    "{alias:Played} is a charger that keeps its transaction when its connection drops, and sends its meter values "
    "every {count:g} {interval:Interval} from when it connects, not when balanz asks for them"
)
def step_persistent_charger_every(context: Context, alias: str, count: float, interval: str) -> None:
    restarts.play_persistent_charger_every(context.world, alias, count, interval)


@given("{first:Played} and {second:Played} are chargers that keep their transactions when their connections drop")
def step_persistent_chargers(context: Context, first: str, second: str) -> None:
    restarts.play_persistent_chargers(context.world, [first, second])


@when(
    "once balanz has initialized them, drivers start sessions at these chargers at once, each charging at the "
    "minimum offer of {amps:g} A:"
)
def step_persistent_sessions(context: Context, amps: float) -> None:
    restarts.start_persistent_sessions(context.world, context.table, amps)


@given("the driver starts a session with tag {tag} at {alias:Played}, which charges at the minimum offer of {amps:g} A")
def step_persistent_session(context: Context, tag: str, alias: str, amps: float) -> None:
    restarts.start_persistent_session(context.world, alias, tag, amps)


@step(
    "within {count:g} {interval:Interval} balanz raises the offer to {alias:Played} {offers:Offers} A, "
    "no faster than one step per offer-increase interval"
)
def step_persistent_offers(context: Context, count: float, interval: str, alias: str, offers: list[float]) -> None:
    world = context.world
    restarts.assert_offers_rise(world, alias, offers, world.profile.deadline(count, interval))


@then(
    "{alias:Played} connects again with its transaction still open, and balanz picks it up as a session of tag "
    '"{tag}" for user "{user}"'
)
def step_picked_up(context: Context, alias: str, tag: str, user: str) -> None:
    context.picked_up_at = restarts.assert_picked_up(context.world, alias, tag, user)


@then(
    "within {count:g} {interval:Interval} of picking it up and initializing {alias:Played} again, balanz offers "
    "{same:Played} the minimum of {amps:g} A, which the charger enforces"
)
def step_first_offer_after_pickup(
    context: Context, count: float, interval: str, alias: str, same: str, amps: float
) -> None:
    restarts.assert_first_offer_after_pickup(context.world, alias, same, amps, context.picked_up_at, count, interval)


@when("the driver at {alias:Played} presents tag {tag} to end the session")
def step_end_persistent_session(context: Context, alias: str, tag: str) -> None:
    restarts.end_persistent_session(context.world, alias, tag)


@then("balanz records the session at {alias:Played} for tag {tag} and its user, from when it picked the session up")
def step_picked_up_session_recorded(context: Context, alias: str, tag: str) -> None:
    restarts.assert_picked_up_session_recorded(context.world, alias, tag, context.picked_up_at)
