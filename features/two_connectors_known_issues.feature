@real_charger @known_issue @fresh_balanz
Feature: Known issues - two sessions at one charger with two connectors
  balanz answers every StartTransaction with transaction id 1 (charge_point_csms_v16.py on_start_transaction),
  while its model numbers a transaction by its connector (model.py Charger.start_transaction: "transaction_id =
  connector_id"). At a charger with two connectors (TW-01: the harness plays it, with each connector's own
  transaction as OCPP 1.6 has it) both sessions run as transaction 1 on the charger, and balanz's model calls the
  second one transaction 2:
  * balanz limits the second session with TxProfiles for transaction 2, which the charger rejects (OCPP 1.6: a
    TxProfile belongs to the connector's running transaction); so that session never gets power, and every
    balancing run's changes after it are aborted (balanz.py: "Aborting further changes");
  * when the second session ends (StopTransaction for transaction 1), balanz ends the first one instead
    (model.py Charger.stop_transaction finds transaction 1 at connector 1): it records the first driver's session
    as stopped with the second driver's tag, takes connector 1's running transaction up again from its next meter
    value as a session of tag "Unknown", and keeps connector 2 in a session that has ended.
  What should happen: each session gets its own transaction id (the connector's, as balanz's model has it, or a
  counter), is offered and limited on its own connector, and is stopped and recorded on its own, the two
  together within TW's 24 A.

  Background:
    Given TW-01 is a real charger with two connectors
    And the driver has presented tag D40C346D at connector 1 of TW-01, which is charging

  Scenario: The session at the second connector never gets power
    When the driver presents tag 56EB8FBF at connector 2 of TW-01
    Then balanz answered the StartTransactions of TW-01 with transaction ids 1 and 1
    And balanz shows the session at connector 2 of TW-01 SuspendedEVSE with 0 A for 3 full balancing runs, while the charger rejects every TxProfile balanz sends it for transaction 2

  Scenario: Ending the session at the second connector ends the first one in balanz's records
    When the driver presents tag 56EB8FBF at connector 2 of TW-01
    And the driver unplugs the EV at connector 2 of TW-01
    Then balanz records the session of tag D40C346D at TW-01 as ended with tag 56EB8FBF, takes connector 1's transaction up again as a session of tag "Unknown", and keeps the session of tag 56EB8FBF at connector 2
