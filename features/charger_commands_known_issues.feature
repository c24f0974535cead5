@operator @rr2 @known_issue
Feature: Known issue - an operator's charging limit can take a group above its maximum
  balanz passes an operator's SetTxProfile on to the charger as it is (api.py), without checking it against
  the group's maximum (balanz-behaviour.md §3). With one session of priority 1 in RR2, sessions of priority
  0-2 may have 24 A together (RR2's maximum 00:00-23:59>0=24:3=40:5=48, data/model/groups.csv). An operator
  who sets the session's limit at RR2-02 to its charger's 32 A lets it draw 8 A more than the group may
  have; balanz's own next offer to the session replaces the limit (at the latest after the offer-increase
  interval), but until then the group is above its maximum.
  What should happen: balanz refuses (or caps at what balancing allows) an operator's charging limit that
  would take the group above its maximum.
  This scenario demonstrates today's behaviour and is left out of the default run (--tags=@known_issue).

  Scenario: A 32 A limit set by the operator at RR2-02 takes RR2 8 A above its 24 A maximum
    Given the driver has presented tag D40C346D at RR2-02 and RR2-02 is charging
    When the operator sets the charging limit of the session at RR2-02 to 32 A
    Then balanz answers the operator Accepted
    And the group safety watch sees RR2 exceed its maximum of 24 A by 8 A
