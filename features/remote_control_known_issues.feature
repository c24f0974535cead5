@remote @known_issue
Feature: Known issue - a remote start charges for a tag balanz would refuse
  balanz passes an operator's RemoteStartTransaction on to the charger without looking at the tag (api.py),
  and answers every StartTransaction with the tag status Accepted (charge_point_csms_v16.py
  on_start_transaction: "Todo, authorized sometimes?"). A charger that starts a session without asking balanz
  to authorize the tag - a remote start as here, equally a charger with a local authorization list or one
  that skips Authorize - therefore charges for a blocked tag, an unknown tag, or a tag already charging at
  another charger, and balanz offers it the minimum of 6 A like any other session. Presented at the charger,
  balanz refuses the same tags as Blocked, Invalid and ConcurrentTx (tags.feature).
  What should happen: balanz refuses a remote start for a tag it would not accept at the charger, with the
  status Authorize gives it, and answers a StartTransaction for such a tag with that status, so that the
  charger ends the session at once (OCPP 1.6 StartTransaction.conf idTagInfo) and is offered nothing.
  These scenarios demonstrate today's behaviour and are left out of the default run (--tags=@known_issue).

  Scenario: A remote start for John Johnson's blocked tag charges
    When the operator tries to start a session remotely at HQ-14 for the blocked tag 6EBEFC7F
    Then balanz answers the operator Accepted
    And HQ-14 starts charging with the minimum offer of 6 A
    And balanz answers HQ-14's StartTransaction for tag 6EBEFC7F with the tag status Accepted
    And balanz records the session at HQ-14 for user John Johnson

  Scenario: A remote start for an unknown tag charges
    When the operator tries to start a session remotely at HQ-14 for the unknown tag 0BADC0DE
    Then balanz answers the operator Accepted
    And HQ-14 starts charging with the minimum offer of 6 A
    And balanz answers HQ-14's StartTransaction for tag 0BADC0DE with the tag status Accepted
    And balanz records the session at HQ-14 for user Unknown

  Scenario: A remote start for a tag that is charging at another charger charges a second time
    Given the driver has presented tag D40C346D at RR2-01, which is charging
    When the operator tries to start a session remotely at HQ-14 for tag D40C346D
    Then balanz answers the operator Accepted
    And HQ-14 starts charging with the minimum offer of 6 A
    And balanz answers HQ-14's StartTransaction for tag D40C346D with the tag status Accepted
    And balanz records the session at HQ-14 for user John Jones
