@real_charger @fresh_balanz
Feature: A charger with two connectors
  Most public AC chargers have two connectors, each with its own session. TW-01 has two (data/model
  chargers.csv no_connectors 2; group TW, 24 A for every priority; 16 A per connector); the harness plays it
  (balanz_acceptance/sut/played_charger.py: each connector its own transaction, meter, EV and profiles).

  The rules balanz gets right here (balanz.py balanz_loop, charge_point_v16.py set_blocking_default_profile;
  model.py Group.balanz balances connectors, not chargers):
  * at the charger's first connection balanz blocks each connector with its own blocking profile (0 A,
    stack level 1, on that connector) under one base profile (the minimum, on connector 0);
  * a session at connector 1 is offered and limited on connector 1 (its TxProfile names connector 1), grows as
    usual (3 A per offer-increase interval), and connector 2 stays blocked: an EV there draws nothing.
  Two sessions at once do not work: two_connectors_known_issues.feature.

  Scenario: Each connector is blocked on its own, and a session at connector 1 is limited there only
    Given TW-01 is a real charger with two connectors
    Then within 1 full balancing run TW-01 holds exactly these charging profiles:
      | profile  | connector | limit |
      | base     | 0         | 6     |
      | blocking | 1         | 0     |
      | blocking | 2         | 0     |
    When the driver presents tag D40C346D at connector 1 of TW-01
    Then connector 1 of TW-01 starts charging with the minimum offer of 6 A
    And the offer to TW-01 rises 6 → 9 A, no faster than one step per offer-increase interval
    And within 1 balancing tick TW-01 holds exactly these charging profiles:
      | profile     | connector | limit |
      | base        | 0         | 6     |
      | blocking    | 1         | 0     |
      | blocking    | 2         | 0     |
      | transaction | 1         | 9     |
    And connector 2 of the idle charger TW-01 lets no EV draw
