@rr2 @known_issue
Feature: Known issue - a newcomer to a full group overshoots the maximum for one balancing tick
  balanz sends every new session its first offer (the minimum, 6 A) before it balances the group
  (balanz-behaviour.md §3.5 path A, §3.9 example 3). In a full group that offer briefly takes the group
  above its maximum, until the same or the next balancing run takes it back. The group safety watch
  reports it; this scenario demonstrates it and is left out of the default run (--tags=@known_issue).

  Scenario: RR2-04 arrives while RR2-02 and RR2-01 are offered the whole 48 A
    Given sessions are charging at:
      | charger | tag      |
      | RR2-01  | 29837FD6 |
      | RR2-02  | FE7FF01E |
    And within 10 offer-increase intervals the offers settle at:
      | charger | offer |
      | RR2-01  | 16    |
      | RR2-02  | 32    |
    When the driver presents tag E08CEE18 at RR2-04
    Then the group safety watch sees RR2 exceed its maximum of 48 A by the minimum offer of 6 A
    And within 1 full balancing run the offers to group RR2 are back within 48 A
