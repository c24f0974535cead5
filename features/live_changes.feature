@rr2 @change @operator @fresh_balanz
Feature: Live changes by an operator
  An operator changes balanz's data while sessions run: through the API (a session's priority, a
  charger's limit or priority) or by editing balanz's CSV files and having balanz reload them. Each change
  must take effect within its stated interval - not before it is made, not later than balanz's next full
  balancing run - and the group maximum must hold meanwhile (the group safety watch runs throughout).
  A group schedule with several intervals given through the API (UpdateGroup) is specified in
  time_of_day_maxima.feature.

  The rules (docs/balancing-rules.md#balancing-runs-and-full-runs,
  docs/balancing-rules.md#priorities-and-the-priority-buckets-of-a-group-maximum; api.py SetChargePriority,
  UpdateCharger, ReloadGroups,
  ReloadChargers, ReloadTags; model.py Connector.conn_priority, Group.balanz):
  * A session's priority (SetChargePriority) or a charger's priority (UpdateCharger, for sessions whose
    tag has none) counts from the next full balancing run; so does a charger's limit (conn_max).
  * Sessions of one priority share their bucket: each first gets the minimum (6 A), the rest one ampere
    at a time to each in turn, up to what each may have.
  * A lowered priority: until balanz's next full balancing run, the session still holds its share, so its
    new bucket is briefly above its maximum; the group safety watch accepts the previous priority's limits
    for balanz's reaction time only (one full balancing run and a tick), not longer.
  * A higher limit or a bucket with room lets offers grow again by 3 A per offer-increase interval.
  * Editing a CSV file changes nothing until balanz reloads it; after the reload, the next full
    balancing run applies the file's values (groups, chargers); a reloaded tag's priority applies to
    the next session with that tag.

  Rule: A lowered session priority applies from the next full balancing run

    Scenario: The operator lowers RR2-03's session from priority 10 to 1
      RR2-03 (tag priority 10: up to 48 A) is offered its charger's 16 A; RR2-02 and RR2-04 (priority 1)
      share priority 1's 24 A: RR2-04 its charger's 8 A, RR2-02 the other 16 A. At priority 1 all three
      share 24 A: 6 A each, and the 6 A left one ampere at a time: 8 A each.

      Given sessions are charging at:
        | charger | tag      |
        | RR2-02  | 3B86D60D |
        | RR2-03  | FE7FF01E |
        | RR2-04  | E08CEE18 |
      And within 5 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-02  | 16    |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      When the operator lowers the priority of the session at RR2-03 to 1
      Then balanz shows these session priorities:
        | charger | priority |
        | RR2-03  | 1        |
      And within 1 full balancing run the offers settle at:
        | charger | offer |
        | RR2-02  | 8     |
        | RR2-03  | 8     |
        | RR2-04  | 8     |
      And the offers stay for 1 full balancing run at:
        | charger | offer |
        | RR2-02  | 8     |
        | RR2-03  | 8     |
        | RR2-04  | 8     |

  Rule: A charger's new limit applies from the next full balancing run

    Scenario: The operator lowers RR2-03's limit from 16 A to 10 A, then restores it
      Given the driver has presented tag 56EB8FBF at RR2-03, which is charging
      And the offer to RR2-03 has risen to 12 A
      When the operator lowers the limit of RR2-03 to 10 A
      Then within 1 full balancing run the offers settle at:
        | charger | offer |
        | RR2-03  | 10    |
      And the offers stay for 1 full balancing run at:
        | charger | offer |
        | RR2-03  | 10    |
      When the operator raises the limit of RR2-03 to 16 A
      Then the offer to RR2-03 rises 6 → 9 → 12 → 10 → 13 → 16 A, no faster than one step per offer-increase interval

  Rule: A charger's new priority applies to its session from the next full balancing run

    Scenario: RR2-03 is moved up to priority 3 while it shares priority 1's 24 A with RR2-02
      RR2-02 and RR2-03 (priority 1) grow together to 12 A each: 24 A, priority 1's whole bucket. At
      priority 3 RR2-03 has a bucket of its own (40 A): it grows to its charger's 16 A, and RR2-02 to
      priority 1's whole 24 A (40 A in all, within the group's 48 A).

      Given sessions are charging at:
        | charger | tag      |
        | RR2-02  | 3B86D60D |
        | RR2-03  | 56EB8FBF |
      And within 3 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-02  | 12    |
        | RR2-03  | 12    |
      When the operator changes the priority of charger RR2-03 to 3
      Then balanz shows these session priorities:
        | charger | priority |
        | RR2-03  | 3        |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-02  | 24    |
        | RR2-03  | 16    |
      And the offers stay for 1 full balancing run at:
        | charger | offer |
        | RR2-02  | 24    |
        | RR2-03  | 16    |

  Rule: Data edited in balanz's CSV files applies after a reload, not before

    Scenario: RR2's maximum for priority 1 is lowered to 12 A in groups.csv
      Given sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      When the operator writes max_allocation "00:00-23:59>0=12:3=40:5=48" for RR2 into balanz's groups file
      Then the offers stay for 1 full balancing run at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      When the operator has balanz reload its groups
      Then within 1 full balancing run the offers settle at:
        | charger | offer |
        | RR2-03  | 6     |
        | RR2-04  | 6     |
      And the offers stay for 1 full balancing run at:
        | charger | offer |
        | RR2-03  | 6     |
        | RR2-04  | 6     |

    Scenario: RR2-04's limit is lowered to 6 A in chargers.csv
      Given the driver has presented tag E08CEE18 at RR2-04, which is charging
      And the offer to RR2-04 has risen to 8 A
      When the operator writes conn_max "6.0" for RR2-04 into balanz's chargers file
      Then the offer to RR2-04 stays at 8 A for 1 full balancing run
      When the operator has balanz reload its chargers
      Then within 1 full balancing run the offers settle at:
        | charger | offer |
        | RR2-04  | 6     |
      And the offers stay for 1 full balancing run at:
        | charger | offer |
        | RR2-04  | 6     |

    Scenario: Tag 3B86D60D is given priority 10 in tags.csv
      Given RR2-02 is available
      When the operator writes priority "10" for 3B86D60D into balanz's tags file
      And the operator has balanz reload its tags
      And the driver presents tag 3B86D60D at RR2-02
      Then RR2-02 starts charging with the minimum offer of 6 A
      And balanz shows these session priorities:
        | charger | priority |
        | RR2-02  | 10       |
