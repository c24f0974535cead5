@rr2 @change @unsafe @known_issue @fresh_balanz
Feature: Known issue - unsafe data stops balancing, while new sessions still get power
  Safety first: whatever an operator gives balanz, a group must never be offered more than its maximum.
  balanz trusts its data instead (docs/balancing-rules.md#the-first-offer,
  docs/balancing-rules.md#time-of-day-schedules; util.py schedule_value_now,
  max_priority_allocation; model.py Group.balanz; balanz.py balanz_loop):
  * A group schedule with a gap: for a time no interval covers, schedule_value_now returns None and every
    balancing run of the group raises ("Exception 'NoneType' object is not iterable in balanz_loop.
    Retrying"). balanz stops balancing the group, but still gives every new transaction its first offer of
    the minimum (6 A, set before the balancing run).
    What should happen instead: balanz should refuse a schedule with gaps (UpdateGroup, groups.csv), or
    treat a time no interval covers as a maximum of 0 A - no new offers - and keep the group within the
    maximum it last had.
  * A charger created through the API without a priority (CreateCharger: no default applies;
    default_priority is never read) whose session has no tag priority: comparing its priority None with the
    buckets' priorities raises in every balancing run; again balancing stops and new sessions get 6 A.
    What should happen instead: CreateCharger should give the charger default_priority (1), or refuse it. The
    group safety watch takes the charger's priority from the site's data, default_priority where it has none,
    and sees balanz show the session without one (read as 0).
  * A charger limit below the minimum: the first offer of a session is the minimum, above the limit, until
    the same balancing run lowers it.
    What should happen instead: never offer a charger more than its limit (conn_max).

  In the first two scenarios RR2-03 (16 A) and RR2-04 (8 A) fill the 24 A that RR2's schedule allows
  priority-1 sessions; a newcomer at RR2-02 (priority 1, its tag has none) then takes priority-1 sessions
  to 30 A, and nothing brings them back. For a time no interval covers, the group safety watch reads the
  maximum as 0 A (nothing may be offered), so there it sees the whole 30 A above the maximum.

  Rule: Unsafe group or charger data stops balancing, yet a newcomer still gets the minimum offer

    Background:
      Given sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

    Scenario: RR2's schedule leaves out the current time
      When the operator gives group RR2 a schedule that leaves out the next 10 minutes
      Then balanz stops balancing: its balancing run fails at each of the next 2 full balancing runs
      When the driver presents tag 3B86D60D at RR2-02
      Then RR2-02 starts charging with the minimum offer of 6 A
      And the group safety watch sees RR2 exceed its maximum of 0 A by 30 A
      And the offers stay for 2 full balancing runs at:
        | charger | offer |
        | RR2-02  | 6     |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

    Scenario: RR2-02 is created through the API without a priority
      Given the operator has deleted RR2-02 and created it again without a priority
      When the driver presents tag 3B86D60D at RR2-02
      Then RR2-02 starts charging with the minimum offer of 6 A
      And balanz stops balancing: its balancing run fails at each of the next 2 full balancing runs
      And the group safety watch sees RR2 exceed its maximum of 24 A by the minimum offer of 6 A
      And the group safety watch sees balanz give the session at RR2-02 priority 0 where the site's data give 1
      And the offers stay for 2 full balancing runs at:
        | charger | offer |
        | RR2-02  | 6     |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

  Rule: A charger with a limit below the minimum is first offered the minimum

    Scenario: RR2-01's limit is lowered to 4 A before a session starts
      Given RR2-01 is available
      And the operator has lowered the limit of RR2-01 to 4 A, below the minimum offer
      When the driver presents tag 29837FD6 at RR2-01
      Then within 1 full balancing run RR2-01 is offered only its limit of 4 A, which its EV cannot use, for 1 full balancing run
      And balanz's first offer to RR2-01 was the minimum of 6 A, above its limit of 4 A
