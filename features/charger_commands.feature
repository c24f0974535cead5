@operator @hq @fresh_balanz
Feature: Operator commands on chargers
  balanz passes an operator's commands for a charger on to the charger and answers Accepted when the
  charger accepts (api.py: Reset, TriggerMessage, SetTxProfile, SetDefaultProfile, ClearDefaultProfile(s));
  only an Admin may call them (api_access.feature).
  * Reset: the charger restarts. The simulator ends a running session first (5 s after it accepted), then
    closes its connection and connects again 5 s later; balanz records the ended session and shows the
    charger connected and Available again. (balanz sets up a charger's default profiles only the first
    time it connects after balanz started - balanz.py, Charger.profile_initialized - relying on the charger
    to keep them across a restart, as OCPP 1.6 asks; the simulator does not keep them.)
  * TriggerMessage: the charger sends the message asked for (the simulator half a second after it accepted):
    balanz hears one more StatusNotification from it. (balanz itself asks a charger that has just connected
    for a boot notification, its status and its meter values - balanz.py, requested_status - so the
    operator asks only once the charger has answered those.)
  The stop reason of a session a Reset ended is the charger's: balanz records what the charger reports
  (model.py Charger.stop_transaction). The simulator reports EVDisconnected; a charger that follows OCPP 1.6
  (played by the harness: balanz_acceptance/sut/played_charger.py) reports SoftReset.
  * Default charging profiles (SetDefaultProfile, ClearDefaultProfile(s)) apply only where a session has no
    charging profile of its own (OCPP 1.6 profile purposes; ocppsim recalc_offer): balanz gives every session
    its own limit (a TxProfile with its offer: charge_point_v16.py set_tx_profile), so clearing a charger's
    default profiles during a session changes neither balanz's offer nor what the charger allows.
  * ClearDefaultProfile clears one profile by its id (api.py: balanz sends the charger ClearChargingProfile
    with the id and the connector, default 1, and nothing else) and answers what the charger answers. balanz
    sets two default profiles at every charger it sets up (charge_point_v16.py set_base_default_profile,
    set_blocking_default_profile): a base profile at the minimum offer (min_allocation, 6 A; id 1, stack
    level 0, on connector 0, i.e. the whole charger) and a blocking profile of 0 A above it (id 2, stack
    level 1, connector 1), which keeps an EV from drawing until balanz offers. The charger follows the highest
    stack level of the profiles left (ocppsim recalc_offer): with the blocking profile cleared, an idle
    charger lets an EV draw the base profile's minimum although balanz offers nothing (balanz itself clears
    it so to offer the minimum to an EV that starts no transaction before it draws: balanz.py balanz_loop,
    docs/balancing-rules.md#the-profiles-balanz-installs); a session's own profile (TxProfile) goes before
    any default profile, so during a session nothing changes: the session keeps the limit balanz gave it,
    its offer. The scenario lets the offer grow
    first, one offer increase (max_offer_increase, 3 A) above the minimum to 9 A, and then holds offer and
    limit at 9 A for one full balancing run after the clear (the next increase is a whole
    min_offer_increase_interval away, longer than a full run in both profiles): a session still at the
    minimum could not tell its own limit from the base profile's 6 A, which is what the charger would follow
    were the session's profile cleared along with the blocking one. (The simulator answers Accepted also to an id it does not have, where OCPP 1.6 asks for
    Unknown, so on this stack balanz answers Accepted to that too: no scenario states it.)
  * A charging limit or default profile an operator sets at a charger is not checked against the group's
    maximum: charger_commands_known_issues.feature.

  Rule: Reset ends the session and the charger comes back Available

    Scenario: The operator restarts HQ-14 during a session
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      When the operator restarts HQ-14
      Then balanz answers the operator Accepted
      And the session at HQ-14 ends and the charger connects again, Available
      And balanz records the session at HQ-14 as stopped with the reason the simulator reports, EVDisconnected

    @real_charger
    Scenario: The operator restarts the real charger HQ-14 during a session
      Given HQ-14 is a real charger
      And the driver has presented tag D40C346D at HQ-14, which is charging
      When the operator restarts HQ-14
      Then balanz answers the operator Accepted
      And the session at HQ-14 ends and the charger connects again, Available
      And balanz records the session at HQ-14 as stopped with reason SoftReset

  Rule: TriggerMessage makes the charger send the message asked for

    Scenario: The operator asks HQ-14 for a status notification
      Given HQ-14 is available
      When the operator asks HQ-14 to send a StatusNotification
      Then balanz answers the operator Accepted
      And balanz receives a StatusNotification from HQ-14 promptly

  Rule: Default charging profiles do not change a running session's limit

    Scenario: Clearing HQ-14's default profiles during a session leaves its offer and limit
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      When the operator clears the default charging profiles of HQ-14
      Then balanz answers the operator Accepted
      And balanz's offer to HQ-14 and the charger's limit stay at 6 A for 1 full balancing run

  Rule: ClearDefaultProfile clears one profile by its id: the charger follows the profiles left

    Scenario: Clearing balanz's blocking profile at an idle HQ-14 lets it allow the minimum before any offer
      Given HQ-14 is available
      When the operator clears balanz's blocking default profile at HQ-14 by its id
      Then balanz answers the operator Accepted
      And HQ-14 lets an EV draw the minimum of 6 A while balanz offers it nothing, for 1 full balancing run

    Scenario: Clearing balanz's blocking profile during a session leaves the session's own limit
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And the offer to HQ-14 has risen to 9 A
      When the operator clears balanz's blocking default profile at HQ-14 by its id
      Then balanz answers the operator Accepted
      And balanz's offer to HQ-14 and the charger's limit stay at 9 A for 1 full balancing run
