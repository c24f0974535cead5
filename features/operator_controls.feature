@rr2 @operator @fresh_balanz
Feature: Operator controls through the API
  An operator can steer balanz while it runs (balanz/api.py api_handler: SetChargePriority, SetBalanzState,
  UpdateGroup; balanz/balanz.py balanz_loop; docs/balancing-rules.md#balancing-runs-and-full-runs,
  docs/balancing-rules.md#priorities-and-the-priority-buckets-of-a-group-maximum):
  * raise a running session's priority (SetChargePriority): balanz shows it at once, and the next full
    balancing run serves that session first, growing it by max_offer_increase per offer-increase interval;
  * suspend balancing for a group (SetBalanzState): balanz skips the group's balancing runs altogether,
    so until it is resumed no offer grows, no unused offer is withdrawn (suspended_allocation_timeout) and
    a new session gets no first offer; the first run after resuming catches up on all three;
  * change a group's maximum (UpdateGroup, max_allocation): the next full balancing run brings the offers
    under a lower maximum, and a higher one lets them grow again, step by step.

  Rule: A session whose priority is raised is served first from the next full balancing run

    Scenario: The operator raises RR2-02's session above RR2-01's
      RR2-01 (priority 3) is served first and offered its charger's 32 A; RR2-02 (priority 1) gets the
      remaining 48 - 32 = 16 A. At priority 10 RR2-02 is served first: it grows 3 A per offer-increase
      interval to its charger's 32 A, and RR2-01 gets what is left, down to 16 A. The rule does not depend
      on how long the offer-increase interval is, so the site raises offers every full balancing run.

      Given a site whose offer-increase interval is 1 full balancing run
      And sessions are charging at:
        | charger | tag      |
        | RR2-01  | 29837FD6 |
        | RR2-02  | 3B86D60D |
      And within 10 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-01  | 32    |
        | RR2-02  | 16    |
      When the operator raises the priority of the session at RR2-02 to 10
      Then balanz shows these session priorities:
        | charger | priority |
        | RR2-02  | 10       |
      And within 2 full balancing runs the offers reach:
        | charger | offer |
        | RR2-01  | 29    |
        | RR2-02  | 19    |
      And within 6 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-01  | 16    |
        | RR2-02  | 32    |

  Rule: A suspended group's offers are frozen until it is resumed

    Scenario: The operator suspends RR2 while an offer would grow, an unused offer would be withdrawn and a session arrives
      While RR2 is suspended for longer than the unused-offer timeout, RR2-02's offer does not grow, the
      delaying EV's unused 6 A at RR2-03 is not withdrawn, and the new session at RR2-04 gets no first offer.
      The first balancing run after resuming does all three: RR2-02 grows to 9 A, RR2-03's offer is
      withdrawn and RR2-04 is offered the minimum (9 + 6 = 15 A, within priority 1's 24 A).

      Given the EV at RR2-03 will delay charging and starts its transaction at once
      And the driver has presented tag 56EB8FBF at RR2-03, which is offered the minimum of 6 A while the EV stays suspended, in a transaction
      And the driver has presented tag 3B86D60D at RR2-02, which is charging
      When the operator suspends balancing for group RR2
      And the driver presents tag E08CEE18 at RR2-04
      Then the offers stay for 1 unused-offer timeout at:
        | charger | offer |
        | RR2-02  | 6     |
        | RR2-03  | 6     |
        | RR2-04  | 0     |
      When the operator resumes balancing for group RR2
      Then RR2-04 starts charging with the minimum offer of 6 A
      And within 1 full balancing run the offers reach:
        | charger | offer |
        | RR2-02  | 9     |
        | RR2-03  | 0     |
        | RR2-04  | 6     |

  Rule: A group's new maximum applies from the next full balancing run

    Scenario: The operator halves RR2's maximum for priority 1, then restores it
      RR2-03 (16 A) and RR2-04 (8 A) use the 24 A priority-1 sessions may have. With a maximum of 12 A the
      two sessions can have only the minimum offer each; with 24 A again they grow back to their
      chargers' limits. The rule does not depend on how long the offer-increase interval is, so the site
      raises offers every full balancing run.

      Given a site whose offer-increase interval is 1 full balancing run
      And sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      When the operator sets the maximum of group RR2 to "00:00-23:59>0=12:3=40:5=48"
      Then within 1 full balancing run the offers settle at:
        | charger | offer |
        | RR2-03  | 6     |
        | RR2-04  | 6     |
      When the operator sets the maximum of group RR2 to "00:00-23:59>0=24:3=40:5=48"
      Then within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
