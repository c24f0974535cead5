@storm @fresh_balanz @known_issue
Feature: Known issues - what storms found
  Defects of balanz that storms (features/storms.feature) found, each demonstrated by a scenario, pasted as a storm
  prints its events ("at tick N, ...": balanz_acceptance/core/storm.py), and left out of the default run
  (--tags=@known_issue).

  Scenario: Two sessions that begin at RR2-04 in the same second share a session id, and balanz lists only one
    balanz names a session after its charger and its start, to the second (balanz/model.py Session.from_transaction:
    the charger id and the start time as YYYY-MM-DD-HH:MM:SS), and keeps the sessions it lists by that name
    (Session.session_list). A driver who presents a tag and unplugs at once, and the next driver who presents a tag
    at the same charger within the same second, start two sessions of the same name: balanz writes both to its
    session file, but GetSessions lists one of them, and the other's record is lost to the API. What should happen:
    every ended session is listed, each under a name of its own.

    Given the chargers of RR2 are real chargers the harness plays
    When at tick 1, the driver presents tag E08CEE18 at RR2-04
    And at tick 1, the driver unplugs the EV at RR2-04
    And at tick 1, the driver presents tag 56EB8FBF at RR2-04
    And at tick 4, the driver unplugs the EV at RR2-04
    Then balanz lists one record for the two sessions at RR2-04 that began in the same second
