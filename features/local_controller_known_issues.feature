@local_controller @known_issue @fresh_balanz
Feature: Known issues - balanz as a local controller
  balanz as a local controller in front of a central system the harness plays (local_controller.feature
  describes the mode). These scenarios demonstrate today's behaviour and are left out of the default run
  (--tags=@known_issue); each rule says what should happen instead.

  Background:
    Given a site whose balanz is a local controller for a central system that accepts every tag

  @hq
  Rule: balanz numbers a session after its connector, not as the central system numbered it
    The central system's answer to StartTransaction, with its transaction id, goes to the charger
    untouched (charge_point_lc_v16.py start_lc_down passes it on; route_message_down looks at calls only),
    and balanz numbers the session itself: model.py Charger.start_transaction sets the transaction id to the
    connector id, 1 at HQ-14. Its own limits for the session (charge_point_v16.py set_tx_profile, balanz.py
    balanz_loop) then name transaction 1, a transaction the charger does not have (ocppsim sets them
    anyway; a charger that checks the id may refuse them). When the charger ends the session, its
    StopTransaction names the central system's id, which Charger.stop_transaction does not find ("Transaction
    Id ... not found"): no record is made, and balanz keeps the session open (Available, no offer) until the
    next StartTransaction at that connector, which ends it then ("Start transaction without stop
    transaction", no stop tag). The central system numbers HQ-14's session 7001.
    What should happen: balanz takes the central system's transaction id from its answer to
    StartTransaction, names the session by it in its view and its limits, and records the session when the
    charger stops it.

    Scenario: balanz shows HQ-14's session as transaction 1 and its limits name transaction 1, not the central system's 7001
      Given the central system numbers its next transaction 7001
      And the driver has presented tag D40C346D at HQ-14, which is charging
      Then HQ-14 charges in transaction 7001, the number the central system gave it
      And balanz shows the session at HQ-14 as transaction 1
      And balanz's own charging limits for the session at HQ-14 name transaction 1

    Scenario: The session HQ-14 ended in transaction 7001 is not recorded; balanz keeps it open until the next one starts
      Given the central system numbers its next transaction 7001
      And the driver has presented tag D40C346D at HQ-14, which is charging
      When the driver unplugs the EV at HQ-14
      Then balanz keeps the session at HQ-14 open, with no offer, and has no record of it for 1 full balancing run
      When the driver presents tag 56EB8FBF at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And balanz records the first session at HQ-14 for tag D40C346D only now, as ended when the next one started, "Start transaction without stop transaction"

  @hq
  Rule: When a charger's connection ends, balanz leaves its connection to the central system for that charger open
    When either side has been silent for the charger silence limit (charge_point_lc_v16.py watchdog), or the
    charger closes its connection (start_lc_up ends), balanz.py on_connect cancels its tasks and closes the
    charger's connection only: its connection to the central system stays open. When the charger connects
    again, balanz opens another one, so the central system has two open connections for one charger (and
    keeps one for a charger that never comes back). The watchdog scenarios run with a short silence limit
    (1 full balancing run, checked every balancing tick): the rule does not depend on its length.
    What should happen: both connections close together.

    Scenario: After the central system's Reset, HQ-14 connects again and balanz's first connection for it stays open
      When the central system resets HQ-14
      Then HQ-14 answers the central system Accepted, through balanz
      And balanz's first connection to the central system for HQ-14 stays open beside its new one for 1 full balancing run

    Scenario: balanz closes a hung HQ-14's connection, and its first connection to the central system for HQ-14 stays open
      Given a site whose charger silence limit is 1 full balancing run
      And a site whose connection check interval is 1 balancing tick
      And HQ-14 is a charger that keeps its transaction when its connection drops, and can hang
      When HQ-14 goes silent
      Then balanz closes HQ-14's connection with code 1001 once the charger silence limit has passed since its last frame, not before
      When HQ-14 works again
      Then balanz's first connection to the central system for HQ-14 stays open beside its new one for 1 full balancing run

    Scenario: balanz closes HQ-14's connection when the central system falls silent, and keeps its silent connection open
      Given a site whose charger silence limit is 1 full balancing run
      And a site whose connection check interval is 1 balancing tick
      And HQ-14 is a charger that keeps its transaction when its connection drops, and can hang
      When the central system falls silent
      Then balanz closes HQ-14's connection with code 1001 once the charger silence limit has passed since the central system's last frame, not before
      And balanz's first connection to the central system for HQ-14 stays open beside its new one for 1 full balancing run

  Rule: A charger turned away because the central system cannot be reached is not told why
    balanz.py on_connect closes the charger's connection with code 1006 (ABNORMAL_CLOSURE) and the reason
    "Failed to connect to upstream server" when it cannot connect to the central system. 1006 may not be sent
    in a close frame (RFC 6455 section 7.4.1): the websockets library refuses it ("invalid status code"), the
    connection handler fails, and the library closes the connection with 1011 (internal error) and no reason.
    What should happen: balanz closes the connection with a code a server may send (e.g. 1013, try again
    later) and its reason.

    Scenario: RR2-04 connecting while the central system cannot be reached is closed with 1011 (internal error) and no reason
      Given the central system accepts no connections
      When a charger connects as RR2-04 with the key "lc-key-4711"
      Then balanz closes the connection with code 1011 and no reason

  @hq
  Rule: With Rejected, balanz answers the central system's ClearChargingProfile with a status OCPP 1.6 does not allow
    route_message_down answers SetChargingProfile and ClearChargingProfile alike with the status
    server_charging_call names. For ClearChargingProfile OCPP 1.6 allows Accepted or Unknown only
    (ClearChargingProfile.conf): a central system that checks the answer against the OCPP 1.6 schema, as
    the one the harness plays does, rejects "Rejected" as malformed.
    What should happen: balanz answers a ClearChargingProfile it will not carry out with Unknown.

    Scenario: balanz answers the central system's clearing of profile 3 at HQ-14 Rejected
      Given a site whose local controller answers the central system's charging profiles itself with Rejected
      And the driver has presented tag D40C346D at HQ-14, which is charging
      When the central system clears charging profile 3 at HQ-14, balanz's own limit for the session
      Then balanz answers the central system Rejected, an answer OCPP 1.6 does not allow for it

  @rr2
  Rule: With Forward, a central system's charging limit is not checked against the group's maximum
    With server_charging_call = Forward every SetChargingProfile of the central system goes to the charger
    unchecked (charge_point_lc_v16.py start_lc_down). With one session of priority 1 in RR2, sessions of
    priority 0-2 may have 24 A together (RR2's maximum 00:00-23:59>0=24:3=40:5=48, data/model/groups.csv).
    A central system that sets RR2-02's limit to its charger's 32 A, at a stack level above balanz's own
    limit (9 over 3), lets the EV draw 32 A: 8 A more than the group may have, for as long as the limit is
    in place (balanz's own later limits sit below it).
    What should happen: balanz caps (or refuses) a central system's limit that would take the group above
    its maximum.

    Scenario: With Forward, the central system's 32 A limit at RR2-02 takes RR2 8 A above its 24 A maximum
      Given a site whose local controller passes the central system's charging profiles on to the chargers
      And the driver has presented tag D40C346D at RR2-02, which is charging
      When the central system sets a charging limit of 32 A for the session at RR2-02
      Then the central system is answered Accepted
      And the group safety watch sees RR2 exceed its maximum of 24 A by 8 A

  @hq
  Rule: balanz keeps every answer to a call whose message id starts with "LC-", also one to a call of the central system
    balanz tells its own calls from the central system's by their message ids: its own start with "LC-"
    (ChargePoint_LC_v16.__init__), and route_message keeps every CALLRESULT or CALLERROR from the charger
    whose id starts with "LC-". OCPP-J lets the central system choose any message id: the charger's answer
    to a central system's call whose id starts with "LC-" goes to balanz's own queue, and the central system
    never gets it.
    What should happen: balanz keeps only the answers to the calls it made itself (their ids), and passes
    every other answer on.

    Scenario: The central system's TriggerMessage with message id "LC-central-1" is answered by HQ-14, but the answer never reaches it
      When the central system asks HQ-14 for its status in a call whose message id is "LC-central-1"
      Then the central system gets no answer, although HQ-14 answered
