@rr2
Feature: In a full group the lowest priorities give way (RR2)
  When the sessions want more than RR2's 48 A, balanz serves priorities from the highest down; what is
  left for the lowest priority is shared out at the minimum offer (min_allocation, 6 A) first, and a session
  that cannot get the minimum gets 0 A but keeps its transaction. Among sessions of equal priority, those
  whose charger's meter register is lowest are served first (model.py Group.balanz sorts by energy_meter;
  the simulated chargers' registers start at 0 with each transaction, so here that is the energy charged
  in the session): the one that has charged the most gives way first. A session cut to 0 A is offered the
  minimum again at the next full balancing run after capacity returns, and then grows step by step
  (model.py Group.balanz; docs/balancing-rules.md#the-minimum-pass-and-round-robin,
  docs/balancing-rules.md#priorities-and-the-priority-buckets-of-a-group-maximum). A session whose EV is full
  keeps only the minimum, which is withdrawn once the unused-offer timeout (suspended_allocation_timeout) has
  passed; an EV whose charger's meter register has reached energy_threshold (here again the energy charged in
  the session) is then held for the long suspension (suspended_delayed_time_not_first;
  docs/balancing-rules.md#delayed-start-and-long-suspensions). (Two squeezed sessions of equal priority take turns at
  the 6 A once their registers cross: a known issue, rr2_known_issues.feature.)

  Rule: Lower priorities give way; among equals the one that has charged most gives way first

    Scenario: Two priority-1 sessions are squeezed by a priority-10 and a priority-3 session
      RR2-03 (16 A) has charged at twice RR2-04's 8 A before the others arrive. RR2-02 (tag priority 10)
      grows to its 32 A and RR2-01 (priority 3, EV limited to 10 A) keeps 10 A, leaving 48 - 42 = 6 A:
      the minimum for one priority-1 session only. Who gives way does not depend on how fast offers grow,
      so the site raises offers every full balancing run (not every second one): the same story in half
      the time.

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
      When the driver unplugs the EV at RR2-02
      Then within 5 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-01  | 10    |
        | RR2-02  | 0     |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

  Rule: A session's share goes back to the others when it ends or its EV is full

    Background:
      RR2-02 and RR2-03 (priority 1) share 24 A at 12 A each. Without RR2-02's draw RR2-03 may grow to 16 A.

      Given sessions are charging at:
        | charger | tag      |
        | RR2-02  | 3B86D60D |
        | RR2-03  | 56EB8FBF |
      And within 3 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-02  | 12    |
        | RR2-03  | 12    |

    Scenario: When the session at RR2-02 ends, RR2-03 grows to its charger's limit
      When the driver unplugs the EV at RR2-02
      Then within 3 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-02  | 0     |
        | RR2-03  | 16    |

    Scenario: When the EV at RR2-02 is full, RR2-03 grows to its charger's limit and RR2-02 loses its minimum
      Once RR2-02's meter register (the simulator's: what it has charged in the session) is above the energy
      threshold, its full EV is not taken for a delayed start: it is held for the long suspension.

      Given the session at RR2-02 has charged more than the energy threshold
      When the EV at RR2-02 becomes full
      Then within 1 full balancing run the offer to RR2-02 drops to the minimum of 6 A
      And within 3 offer-increase intervals the offers reach:
        | charger | offer |
        | RR2-02  | 6     |
        | RR2-03  | 16    |
      And the offer to RR2-02 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And RR2-02 is held for the long suspension
      And within 1 full balancing run the offers settle at:
        | charger | offer |
        | RR2-02  | 0     |
        | RR2-03  | 16    |
