@operator @rr2 @known_issue
Feature: Known issue - an operator's charging limit or default profile can take a group above its maximum
  balanz passes an operator's SetTxProfile and SetDefaultProfile on to the charger as they are (api.py),
  without checking them against the group's maximum (balanz-behaviour.md §3). With one session of priority 1 in RR2, sessions of priority
  0-2 may have 24 A together (RR2's maximum 00:00-23:59>0=24:3=40:5=48, data/model/groups.csv). An operator
  who sets the session's limit at RR2-02 to its charger's 32 A lets it draw 8 A more than the group may
  have; balanz's own next offer to the session replaces the limit (at the latest after the offer-increase
  interval), but until then the group is above its maximum.
  Likewise a default profile the operator sets in place of balanz's blocking profile (id 2, stack level 1,
  0 A, which keeps an idle charger from charging until balanz offers power): a new session at RR2-02 then
  starts at the operator's 32 A, until balanz's first offer to it (the minimum) replaces it.
  What should happen: balanz refuses (or caps at what balancing allows) an operator's charging limit or
  default profile that would take the group above its maximum.
  These scenarios demonstrate today's behaviour and are left out of the default run (--tags=@known_issue).

  Scenario: A 32 A limit set by the operator at RR2-02 takes RR2 8 A above its 24 A maximum
    Given the driver has presented tag D40C346D at RR2-02 and RR2-02 is charging
    When the operator sets the charging limit of the session at RR2-02 to 32 A
    Then balanz answers the operator Accepted
    And the group safety watch sees RR2 exceed its maximum of 24 A by 8 A

  Scenario: A 32 A default profile set by the operator at RR2-02 lets its next session start 8 A above 24 A
    Given RR2-02 is available
    When the operator sets a default charging limit of 32 A at RR2-02 in place of balanz's blocking profile
    Then balanz answers the operator Accepted
    When the driver presents tag D40C346D at RR2-02
    Then the group safety watch sees RR2 exceed its maximum of 24 A by 8 A
