@rr2
Feature: Priorities decide who is served first and which maximum applies (RR2)
  RR2's maximum is 24 A for priorities 0-2, 40 A for 3-4 and 48 A for 5 and above, 48 A in all.
  A session's priority is its tag's priority if the tag has one, otherwise its charger's
  (RR2-01: 3; the others: 1). balanz serves higher priorities first; each priority's sessions share what
  their own maximum and the group's remaining capacity allow (balanz/model.py Connector.conn_priority,
  Group.balanz; balanz/util.py schedule_value_now, max_priority_allocation;
  docs/balancing-rules.md#priorities-and-the-priority-buckets-of-a-group-maximum; the group's max_allocation
  in data/model/groups.csv, the tags' and chargers' priority, max_offer_increase,
  min_offer_increase_interval).

  Rule: Priority-1 sessions share at most 24 A even when the group has more to give

    Scenario: Two priority-1 sessions stop growing when together they are offered 24 A
      Both EVs draw all they are offered and start together, so they climb in step: 6+6, 9+9, 12+12 = 24 A.

      Given sessions are charging at:
        | charger | tag      |
        | RR2-02  | 3B86D60D |
        | RR2-03  | 56EB8FBF |
      Then within 3 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-02  | 12    |
        | RR2-03  | 12    |
      And the offers stay for 1 offer-increase interval at:
        | charger | offer |
        | RR2-02  | 12    |
        | RR2-03  | 12    |

  Rule: The higher priority is served first; a tag's priority overrides the charger's

    Scenario Outline: <winner> is served before <other> (<why>)
      Both sessions grow until the group's 48 A are offered (24 A each); then the higher priority keeps
      growing to its charger's 32 A and the other is cut to the remaining 48 - 32 = 16 A. Who is served
      first does not depend on how fast offers grow, so the site raises offers every full balancing run.

      Given a site whose offer-increase interval is 1 full balancing run
      And sessions are charging at:
        | charger | tag          |
        | RR2-01  | 29837FD6     |
        | RR2-02  | <RR2-02 tag> |
      Then balanz shows these session priorities:
        | charger | priority          |
        | RR2-01  | 3                 |
        | RR2-02  | <RR2-02 priority> |
      And within 10 offer-increase intervals the offers settle at:
        | charger | offer          |
        | RR2-01  | <RR2-01 offer> |
        | RR2-02  | <RR2-02 offer> |

      Examples:
        | winner | other  | why                                     | RR2-02 tag | RR2-02 priority | RR2-01 offer | RR2-02 offer |
        | RR2-01 | RR2-02 | charger priority 3 over 1               | 3B86D60D   | 1               | 32           | 16           |
        | RR2-02 | RR2-01 | tag priority 10 overrides the charger's | FE7FF01E   | 10              | 16           | 32           |
