@rr2 @slow
Feature: A charger that goes silent loses its session
  A charger can hang or lose its network in the middle of a session. balanz checks every transaction
  interval whether a charger has sent anything within the transaction timeout (csms.transaction_timeout);
  if not, it closes the charger's open transactions itself (stop reason Other) and the charger no longer
  takes part in balancing, so its share goes back to the group (balanz-behaviour.md §4.4).
  Slow: the fast profile's transaction timeout is 6 minutes.

  Scenario: RR2-02 hangs while sharing the priority-1 maximum with RR2-03
    RR2-02 and RR2-03 (priority 1) share 24 A at 12 A each. Once RR2-02's session is closed, RR2-03 may
    grow to its charger's 16 A.

    Given sessions are charging at:
      | charger | tag      |
      | RR2-02  | 3B86D60D |
      | RR2-03  | 56EB8FBF |
    And within 3 offer-increase intervals the offers settle at:
      | charger | offer |
      | RR2-02  | 12    |
      | RR2-03  | 12    |
    When RR2-02 goes silent
    Then within 1 transaction timeout balanz closes the session at RR2-02
    And within 3 offer-increase intervals the offer to RR2-03 rises to 16 A
