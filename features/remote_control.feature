@remote @hq
Feature: Starting and stopping sessions from outside the charger
  An operator can start and stop a session at a charger through balanz's API: balanz passes
  RemoteStartTransaction and RemoteStopTransaction on to the charger and answers Accepted when the charger
  accepts (api.py). A charger that starts a session remotely does not ask balanz to authorize the tag
  first (ocppsim.py ChargePoint.on_remote_start_transaction; its AuthorizeRemoteTxRequests reads FALSE,
  docs/simulator.md#starting-and-stopping-a-session); it reports the session with StartTransaction,
  which balanz records and balances like any other session (model.py Charger.start_transaction): it
  starts at the minimum offer of 6 A (min_allocation: balanz.py balanz_loop,
  docs/balancing-rules.md#the-first-offer) and belongs to the tag's
  user as data/model/tags.csv names it. A remote stop ends the session as unplugging does: the charger
  stops the transaction, balanz withdraws the offer and keeps a record naming the tag that started it.
  What balanz does with a remote start for a tag it would refuse is in remote_control_known_issues.feature.

  Rule: A remote start for an accepted tag is a session like any other

    Scenario: The operator starts a session at HQ-14 for John Jones's tag
      When the operator starts a session remotely at HQ-14 for tag D40C346D
      Then balanz answers the operator Accepted
      And HQ-14 starts charging with the minimum offer of 6 A
      And balanz records the session at HQ-14 for user John Jones

  Rule: A remote stop ends the session

    Scenario: The operator stops the session at HQ-14
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      When the operator stops the session at HQ-14 remotely
      Then balanz answers the operator Accepted
      And the session at HQ-14 has ended, and the charger is Available with no offer
