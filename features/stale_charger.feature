@rr2 @slow
Feature: A charger that goes silent loses its session
  A charger can hang or lose its network in the middle of a session. balanz checks every transaction
  interval whether a charger has sent anything within the transaction timeout (csms.transaction_timeout);
  if not, it closes the charger's open transactions itself, with stop reason Other, and the charger no
  longer takes part in balancing (balanz-behaviour.md §4.4). Slow: the fast profile's transaction
  timeout is 6 minutes. (What happens to the silent charger's share meanwhile is a known issue: see
  stale_charger_known_issues.feature.)

  Scenario: RR2-02 hangs during its session
    Given the driver has presented tag 3B86D60D at RR2-02 and RR2-02 is charging
    When RR2-02 goes silent
    Then within 1 transaction timeout balanz closes the session at RR2-02
    And balanz records the session at RR2-02 as stopped with reason Other
