@rr2 @change @unsafe @fresh_balanz
Feature: Unsafe data - a charger limit below the minimum offer
  An operator can give a charger a limit (conn_max, UpdateCharger) below the minimum offer. Safety first:
  the charger must never be offered more than its limit once balanz has balanced the group.

  The rules (balanz/model.py Group.balanz: the offer a session that already has one may grow to is capped at
  min(conn_max, ...), docs/balancing-rules.md#growth-and-its-pacing; an EV starts only at an offer of at least
  the minimum, ocppsim min_to_start, docs/simulator.md#starting-and-stopping-a-session):
  * From the first balancing run of the session on, the session is offered its charger's limit (here 4 A),
    not the minimum (min_allocation: 6 A): balanz counts whole amperes up to the cap.
  * 4 A is below what an EV needs to start, so the EV does not charge: the charger reports SuspendedEVSE
    in its transaction, and balanz keeps offering 4 A (a SuspendedEVSE session is not withdrawn by the
    unused-offer timeout). Settled means held: checked for a full balancing run.
  * (Before that first run, balanz gives every new transaction the minimum: a known issue,
    unsafe_data_known_issues.feature.)

  Rule: A charger is offered no more than its limit, even when that is below the minimum offer

    Scenario: RR2-04's limit is lowered to 4 A before a session starts
      Given RR2-04 is available
      And the operator has lowered the limit of RR2-04 to 4 A, below the minimum offer
      When the driver presents tag E08CEE18 at RR2-04
      Then within 1 full balancing run RR2-04 is offered only its limit of 4 A, which its EV cannot use, for 1 full balancing run
