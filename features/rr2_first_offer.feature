@rr2
Feature: Every new session starts at the minimum offer (RR2)
  On the RR2 site four chargers share one supply: RR2-01 (priority 3, 32 A), RR2-02 (priority 1, 32 A),
  RR2-03 (priority 1, 16 A) and RR2-04 (priority 1, 8 A). The group maximum depends on the priority
  of the sessions: up to 24 A for priorities 0-2, 40 A for 3-4, 48 A for 5 and above, and never more than
  48 A in all.

  Rule (balanz/balanz.py balanz_loop, docs/balancing-rules.md#the-first-offer): a session's first offer is the
  minimum offer (min_allocation, 6 A), whatever spare capacity the group has and whatever the charger or the
  session's priority would allow; only later balancing runs raise it.

  Scenario Outline: A session at <charger> in an idle group is first offered the minimum
    When the driver presents tag <tag> at <charger>
    Then <charger> starts charging with the minimum offer of 6 A

    Examples:
      | charger | tag      | why the minimum is not obvious                  |
      | RR2-01  | 29837FD6 | priority 3: up to 40 A would be free            |
      | RR2-02  | FE7FF01E | priority-10 tag: up to 48 A would be free       |
      | RR2-03  | 56EB8FBF | 16 A charger, 24 A free for priority 1          |
      | RR2-04  | E08CEE18 | 8 A charger                                     |

  Scenario: A newcomer is offered the minimum even while another session is offered more
    Given the driver has presented tag 56EB8FBF at RR2-03, which is charging
    And the offer to RR2-03 has risen to 12 A
    When the driver presents tag E08CEE18 at RR2-04
    Then RR2-04 starts charging with the minimum offer of 6 A
