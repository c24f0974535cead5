@local_controller @fresh_balanz
Feature: balanz as a local controller in front of the site's central system
  A site that keeps its own back office (a commercial central system that authorizes drivers, numbers
  transactions and bills them) can put balanz in front of it as a local controller, for load balancing only.
  The chargers connect to balanz; balanz opens one connection per charger to the central system and passes
  every message on, both ways, while it listens in to balance the group (balanz.py on_connect, the
  [ext-server] part; charge_point_lc_v16.py ChargePoint_LC_v16):
  * A charger's calls go to the central system as the charger sent them (start_lc_up forwards the very
    text it received), after balanz has taken what it needs from BootNotification, Heartbeat,
    StatusNotification, StartTransaction, StopTransaction and MeterValues (the @after handlers). The central
    system's answers, and its own calls, go to the charger as they came (start_lc_down).
  * balanz's own calls to a charger (charging profiles, TriggerMessage) carry message ids that start with
    "LC-" (ChargePoint_LC_v16.__init__); the charger's answers to them stay with balanz (route_message) and
    the central system sees neither. What a charger sends because balanz asked for it (its BootNotification,
    status and meter values after each connection, balanz.py balanz_loop) is the charger's own message and
    goes to the central system like any other.
  * balanz does not decide who charges: Authorize goes to the central system, whose answer the charger
    gets; balanz's own tags (data/model/tags.csv) play no part (model.py Charger.authorize is not called).
    The central system numbers the transactions (its answer to StartTransaction reaches the charger).
    balanz itself names a session after its connector (model.py Charger.start_transaction: transaction id =
    connector id) and keeps its record by charger and start (Session.from_transaction): see
    local_controller_known_issues.feature for what that does to balanz's limits and records.
  * balanz balances exactly as it does as the central system (the same balanz_loop and Group.balanz): the
    rules of rr2_first_offer, rr2_offer_growth, rr2_priority and rr2_full_group hold, with the group safety
    watch on.
  * The central system's SetChargingProfile and ClearChargingProfile are answered according to
    [ext-server] server_charging_call (start_lc_down, route_message_down): Accepted or Rejected, balanz
    answers itself with that status and the charger gets nothing; Forward, they go to the charger like any
    other call and the charger's answer goes back. Every other call of the central system (RemoteStart,
    Reset, TriggerMessage ...) goes to the charger, and its answer back.
  * The Authorization header a charger connects with is passed on to the central system unchanged
    (on_connect: additional_headers).
  * If the central system cannot be reached when a charger connects, balanz closes the charger's
    connection (on_connect); if the central system closes its connection, balanz closes the charger's
    (start_lc_down ends). A charger or a central system silent for longer than the charger silence limit
    (watchdog_stale, checked every connection check interval, watchdog_interval) gets the charger's connection
    closed (ChargePoint_LC_v16.watchdog); the charger connects again, and its session goes on.
  The central system is played by the harness (balanz_acceptance/sut/central_system.py): it accepts every
  tag unless a step says otherwise and numbers transactions from 1001 unless a step says otherwise.

  Background:
    Given a site whose balanz is a local controller for a central system that accepts every tag

  @hq
  Rule: The central system sees every call a charger makes, as the charger made it, and nothing of balanz's own
    The simulator logs every frame it sends; the central system records every frame it receives. During a
    session balanz sends HQ-14 charging profiles of its own (the first offer, the 9 A raise) and asks it
    for its boot, status and meter values when it connects.

    Scenario: HQ-14's boot, status, session and meter values reach the central system unchanged and in order
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And within 2 offer-increase intervals the offer to HQ-14 rises to 9 A
      When the driver unplugs the EV at HQ-14
      Then the central system has received every call HQ-14 sent, unchanged and in the order it sent them
      And HQ-14 has received every answer of the central system, unchanged and in order
      And the central system has received none of balanz's own calls to HQ-14 and none of the charger's answers to them

  @hq
  Rule: The driver gets the central system's decision, and the session runs in the central system's transaction
    balanz's own tags would accept D40C346D (John Jones) and block 2C26B920 (data/model/tags.csv); here the
    central system decides.

    Scenario: A tag the central system blocks is refused at HQ-14, although balanz's own tags accept it
      Given the central system blocks tag D40C346D
      When the driver tries the known tag D40C346D at HQ-14
      Then the tag is refused at HQ-14 as Blocked
      And HQ-14 stays Available with no session for 1 full balancing run

    Scenario: A tag balanz's own tags block charges at HQ-14 when the central system accepts it
      When the driver tries the blocked tag 2C26B920 at HQ-14
      Then the tag is accepted at HQ-14
      And HQ-14 starts charging with the minimum offer of 6 A

    Scenario: HQ-14's session runs in transaction 7001, as the central system numbered it
      Given the central system numbers its next transaction 7001
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And HQ-14 charges in transaction 7001, the number the central system gave it
      And the central system receives HQ-14's meter values for transaction 7001

  @rr2
  Rule: balanz balances as it does as the central system, with the group's maximum watched throughout
    The same rules and the same expected offers as rr2_first_offer, rr2_offer_growth, rr2_priority and
    rr2_full_group (see those features for their derivation from the site's data): a session's first offer is
    the minimum (6 A); an EV that draws all it is offered climbs 3 A per offer-increase interval; the higher
    priority is served first up to its charger's limit (RR2-01, priority 3, 32 A; RR2-02 the remaining
    48 - 32 = 16 A); in a full group the lowest priority gives way, the one that has charged most first.

    Scenario: A session at RR2-02 in an idle group is first offered the minimum, although a priority-10 tag could have 48 A
      When the driver presents tag FE7FF01E at RR2-02
      Then RR2-02 starts charging with the minimum offer of 6 A

    Scenario: An EV that draws all it is offered climbs 3 A per offer-increase interval
      Given the driver has presented tag 3B86D60D at RR2-02, which is charging
      Then the offer to RR2-02 rises 6 → 9 → 12 → 15 A, no faster than one step per offer-increase interval

    Scenario: RR2-01 (charger priority 3) is served before RR2-02 (priority 1)
      Who is served first does not depend on how fast offers grow, so the site raises offers every full
      balancing run.

      Given a site whose offer-increase interval is 1 full balancing run
      And sessions are charging at:
        | charger | tag      |
        | RR2-01  | 29837FD6 |
        | RR2-02  | 3B86D60D |
      Then balanz shows these session priorities:
        | charger | priority |
        | RR2-01  | 3        |
        | RR2-02  | 1        |
      And within 10 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-01  | 32    |
        | RR2-02  | 16    |

    Scenario: Two priority-1 sessions are squeezed by a priority-10 and a priority-3 session
      As in rr2_full_group: RR2-02 (tag priority 10) grows to its 32 A and RR2-01 (EV limited to 10 A) keeps
      10 A, leaving 48 - 42 = 6 A, the minimum for one priority-1 session only; RR2-03, which has charged
      twice RR2-04's 8 A before, gives way first.

      Given a site whose offer-increase interval is 1 full balancing run
      And sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      And the EV at RR2-01 draws at most 10 A
      When sessions are charging at:
        | charger | tag      |
        | RR2-01  | 29837FD6 |
        | RR2-02  | FE7FF01E |
      Then within 11 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-01  | 10    |
        | RR2-02  | 32    |
      And the sessions at RR2-03 and RR2-04 share 6 A: one is offered 6 A, the other 0 A in its transaction
      And RR2-03, which had charged more, gave way first

  @hq
  Rule: With Accepted or Rejected, balanz answers the central system's charging profiles itself and the charger gets nothing
    route_message_down answers SetChargingProfile and ClearChargingProfile with the status server_charging_call
    names and passes nothing on. The central system's limit (16 A, stack level 9, above balanz's own limit at
    stack level 3) would let the EV draw 16 A if it reached the charger; balanz's own limit (profile 3,
    charge_point_v16.py set_tx_profile) would, cleared, leave the charger its blocking default profile
    (0 A). Neither happens: the charger goes on allowing what balanz offers. (OCPP 1.6 allows only Accepted
    or Unknown for ClearChargingProfile: Rejected there is a known issue.)

    Scenario Outline: With <answer>, balanz answers the central system's 16 A limit at HQ-14 <answer> itself
      Given a site whose local controller answers the central system's charging profiles itself with <answer>
      And the driver has presented tag D40C346D at HQ-14, which is charging
      When the central system sets a charging limit of 16 A for the session at HQ-14
      Then balanz answers the central system <answer> itself, and HQ-14 receives nothing of it
      And for 1 full balancing run HQ-14 allows the EV exactly what balanz offers it, never the central system's 16 A

      Examples:
        | answer   |
        | Accepted |
        | Rejected |

    Scenario: With Accepted, balanz answers the central system's clearing of its own limit at HQ-14 Accepted itself
      Given a site whose local controller answers the central system's charging profiles itself with Accepted
      And the driver has presented tag D40C346D at HQ-14, which is charging
      When the central system clears charging profile 3 at HQ-14, balanz's own limit for the session
      Then balanz answers the central system Accepted itself, and HQ-14 receives nothing of it
      And for 1 full balancing run HQ-14 allows the EV exactly what balanz offers it, never the central system's 0 A

  @hq
  Rule: With Forward, the central system's charging profiles reach the charger and the charger's answers reach the central system
    The central system's 6 A limit sits above balanz's own (stack level 9 over 3), so the charger allows 6 A,
    for as long as the limit is there (held for one full balancing run), whatever balanz offers. balanz takes
    the offer a charger reports in its meter values as its own (model.py Charger.meter_values: "reported offer
    ... different to expected ... Adjusting it"), so it shows 6 A within a meter-value interval. Cleared, the
    charger is back at balanz's own limit (its last TxProfile, 9 A), which balanz again takes as its offer once the
    charger reports it (its log says so: the session may grow in the same second, so the API need not show the 9 A);
    from then on the charger allows what balanz offers. (A limit above the group's maximum is passed on as well: a
    known issue.)

    Scenario: The central system's 6 A limit at HQ-14, and its clearing, reach the charger
      Given a site whose local controller passes the central system's charging profiles on to the chargers
      And the driver has presented tag D40C346D at HQ-14, which is charging
      And the offer to HQ-14 has risen to 9 A
      When the central system sets a charging limit of 6 A for the session at HQ-14
      Then HQ-14 answers the central system Accepted, through balanz
      And HQ-14 allows the EV the central system's 6 A, and balanz takes it as its offer once the charger reports it
      When the central system clears its charging limit at HQ-14
      Then HQ-14 answers the central system Accepted, through balanz
      And HQ-14 allows the EV balanz's own limit of 9 A again, and balanz takes it as its offer once the charger reports it

  @hq
  Rule: The central system's remote start, reset and trigger reach the charger, and the charger's answers reach the central system
    A charger started remotely reports the session with StartTransaction, which balanz balances like any
    other (its first offer is the minimum). A reset charger closes its connection and connects again.

    Scenario: A remote start from the central system starts a session at HQ-14 that balanz balances
      When the central system starts a session remotely at HQ-14 for tag D40C346D
      Then HQ-14 answers the central system Accepted, through balanz
      And HQ-14 starts charging with the minimum offer of 6 A
      And the central system receives HQ-14's StartTransaction for tag D40C346D

    Scenario: The central system asks HQ-14 for its status
      When the central system asks HQ-14 for its status
      Then HQ-14 answers the central system Accepted, through balanz
      And after the answer the central system receives HQ-14's status Available

    Scenario: The central system resets HQ-14
      When the central system resets HQ-14
      Then HQ-14 answers the central system Accepted, through balanz
      And HQ-14 restarts: the central system receives its BootNotification on a new connection through balanz

  Rule: A charger's credentials reach the central system as the charger sent them
    The charger connects with HTTP Basic credentials (its id and its key); balanz connects to the central
    system for it with the same Authorization header.

    Scenario: The central system receives the Authorization header RR2-04 connected to balanz with
      When a charger connects as RR2-04 with the key "lc-key-4711"
      Then the connection stays open
      And the central system receives balanz's connection for the charger with the Authorization header it sent

  Rule: Without the central system balanz lets no charger in; a session goes on through an outage, recorded once
    A charger that connects while the central system cannot be reached is turned away (on_connect); one
    whose central system goes down is cut off at once (start_lc_down ends). The charger keeps its session
    and tries again; once the central system is back it connects, balanz goes on with the same session and
    makes the raise that fell due meanwhile (6 → 9 A: the minimum was offered more than the offer-increase
    interval before) at its next full balancing run, and records the session once when it ends. The harness
    plays HQ-14 as a charger that keeps its transaction when its connection drops (ocppsim starts anew),
    and the central system numbers its transaction 1, the number balanz itself gives a session at
    connector 1 (see local_controller_known_issues.feature for any other number).

    Scenario: A charger that connects while the central system cannot be reached is turned away, and let in once it can
      Given the central system accepts no connections
      When a charger connects as RR2-04 with the key "lc-key-4711"
      Then balanz turns the charger away: it closes the connection and shows the charger not connected
      When the central system accepts connections again
      And a charger connects as RR2-04 with the key "lc-key-4711"
      Then the connection stays open
      And the central system receives balanz's connection for the charger with the Authorization header it sent

    @hq
    Scenario: HQ-14's session goes on through an outage of the central system, and is recorded once
      Given the central system numbers its next transaction 1
      And HQ-14 is a charger that keeps its transaction when its connection drops, and can hang
      And the driver has presented tag D40C346D at HQ-14, which is charging
      When the central system goes down
      Then balanz closes HQ-14's connection at once
      And for 1 offer-increase interval balanz turns HQ-14 away each time it connects, and shows it not connected
      When the central system is back
      Then HQ-14 connects again, and balanz shows its session still open: the same tag, the same start
      And balancing picks up again: within 1 offer-increase interval of HQ-14 connecting again balanz raises its offer by 3 A, which the charger enforces
      When the driver ends the session at HQ-14 by presenting tag D40C346D
      Then balanz records the session at HQ-14 once, for tag D40C346D, from when the charger started it to when it stopped it

  @hq
  Rule: A silent charger or central system gets the charger's connection closed; the charger connects again and its session goes on
    ChargePoint_LC_v16.watchdog ends once either side has sent nothing for the charger silence limit
    (watchdog_stale: balanz uses the charger's limit for the central system's side too), checked every
    connection check interval (watchdog_interval), and balanz.py on_connect closes the charger's connection
    with 1001 (going away): not before the limit, and at most one check interval after it. The rule does not depend on how long the timeout is, so the site
    has a short one (1 full balancing run, checked every balancing tick), shorter than the offer-increase
    interval: the raise that falls due after the minimum comes once the charger is connected again.
    balanz goes on balancing while the central system is silent (it needs only the charger). The harness
    plays HQ-14 (it keeps its transaction and can hang); the central system numbers the transaction 1, as
    above. HQ-14 waits at most 2 balancing ticks for the answer to a call, so it goes on sending its meter
    values (every meter-value interval, shorter than the silence limit) while the central system is silent:
    only the central system's silence can close the connection then. While HQ-14 hangs, the central system
    goes on asking it for its status: only HQ-14's silence can close the connection then.

    Background:
      Given a site whose charger silence limit is 1 full balancing run
      And a site whose connection check interval is 1 balancing tick
      And the central system numbers its next transaction 1
      And HQ-14 is a charger that keeps its transaction when its connection drops, can hang, and waits at most 2 balancing ticks for the answer to each of its calls
      And the driver has presented tag D40C346D at HQ-14, which is charging

    Scenario: HQ-14 hangs: balanz closes its connection after the charger silence limit, and its session goes on once it works again
      When HQ-14 goes silent
      And the central system goes on asking HQ-14 for its status every balancing tick
      Then balanz closes HQ-14's connection with code 1001 once the charger silence limit has passed since its last frame, not before
      When HQ-14 works again
      Then HQ-14 connects again, and balanz shows its session still open: the same tag, the same start
      And balancing picks up again: within 1 offer-increase interval of HQ-14 connecting again balanz raises its offer by 3 A, which the charger enforces
      When the driver ends the session at HQ-14 by presenting tag D40C346D
      Then balanz records the session at HQ-14 once, for tag D40C346D, from when the charger started it to when it stopped it

    Scenario: The central system falls silent: balanz closes HQ-14's connection after the charger silence limit, and the session goes on
      When the central system falls silent
      Then balanz closes HQ-14's connection with code 1001 once the charger silence limit has passed since the central system's last frame, not before
      When the central system answers again
      Then HQ-14 connects again, and balanz shows its session still open: the same tag, the same start
      And balancing picks up again: within 1 offer-increase interval of HQ-14 connecting again balanz raises its offer by 3 A, which the charger enforces
      When the driver ends the session at HQ-14 by presenting tag D40C346D
      Then balanz records the session at HQ-14 once, for tag D40C346D, from when the charger started it to when it stopped it
