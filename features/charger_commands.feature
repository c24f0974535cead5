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
  (The simulator reports a session ended by Reset with the stop reason EVDisconnected, not SoftReset.)
  * Default charging profiles (SetDefaultProfile, ClearDefaultProfile(s)) apply only where a session has no
    charging profile of its own (OCPP 1.6 profile purposes; ocppsim recalc_offer): balanz gives every session
    its own limit (a TxProfile with its offer, balanz-behaviour.md §2), so clearing a charger's default
    profiles during a session changes neither balanz's offer nor what the charger allows.
  * A charging limit or default profile an operator sets at a charger is not checked against the group's
    maximum: charger_commands_known_issues.feature.

  Rule: Reset ends the session and the charger comes back Available

    Scenario: The operator restarts HQ-14 during a session
      Given the driver has presented tag D40C346D at HQ-14 and HQ-14 is charging
      When the operator restarts HQ-14
      Then balanz answers the operator Accepted
      And the session at HQ-14 ends and HQ-14 connects again, Available
      And balanz records the session at HQ-14 as stopped with reason EVDisconnected

  Rule: TriggerMessage makes the charger send the message asked for

    Scenario: The operator asks HQ-14 for a status notification
      Given HQ-14 is available
      When the operator asks HQ-14 to send a StatusNotification
      Then balanz answers the operator Accepted
      And balanz receives a StatusNotification from HQ-14 promptly

  Rule: Default charging profiles do not change a running session's limit

    Scenario: Clearing HQ-14's default profiles during a session leaves its offer and limit
      Given the driver has presented tag D40C346D at HQ-14 and HQ-14 is charging
      When the operator clears the default charging profiles of HQ-14
      Then balanz answers the operator Accepted
      And balanz's offer to HQ-14 and the charger's limit stay at 6 A for 1 full balancing run
