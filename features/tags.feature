@tags
Feature: Who may charge: tags
  A driver starts and stops a session with an RFID tag. balanz decides whether a tag may charge
  (balanz/model.py Charger.authorize): a known tag whose status is Activated is accepted and its user recorded;
  a tag with any other status is refused as Blocked; a tag balanz does not know is refused as Invalid;
  and while concurrent use is disabled (allow_concurrent_tag = False) a tag already charging on
  another charger is refused as ConcurrentTx. (A refused driver gets no session: the charger starts no
  transaction - that is the charger's part, here the simulator's - and balanz shows none and offers nothing.)
  Presenting the session's tag again stops the session: the
  charger itself stops its transaction (stop reason Local); balanz's part is to close the session when the
  charger reports the stop, and to show the charger Available with no offer. Tags created, changed or
  deleted by an operator take effect for the next session (model.py Tag; config key allow_concurrent_tag).

  Rule: A known, active tag is accepted and the session is recorded for its user

    Scenario: John Jones charges at HQ-14 with his own tag
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And balanz records the session at HQ-14 for user John Jones

  Rule: A blocked or unknown tag is refused, and no session starts

    Scenario Outline: A <kind> tag is refused as <status>
      When the driver tries the <kind> tag <tag> at HQ-14
      Then the tag is refused at HQ-14 as <status>
      And balanz shows no session at HQ-14 for 1 full balancing run, and the refused simulator stays Available

      Examples:
        | kind    | tag      | status  |
        | blocked | 6EBEFC7F | Blocked |
        | unknown | 0BADC0DE | Invalid |

  Rule: A tag charging on one charger is refused on another

    Scenario: Jane Johnson's tag is already charging at RR2-03 when it is presented at RR2-04
      Given the driver has presented tag 29837FD6 at RR2-03, which is charging
      When the driver tries the known tag 29837FD6 at RR2-04
      Then the tag is refused at RR2-04 as ConcurrentTx
      And balanz shows no session at RR2-04 for 1 full balancing run, and the refused simulator stays Available

  Rule: When the charger stops a session because its tag is presented again, balanz closes it

    Scenario: John Jones ends his session with his tag
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      When the driver ends the session at HQ-14 by presenting tag D40C346D
      Then the session at HQ-14 has ended, and the charger is Available with no offer

  @fresh_balanz
  Rule: An operator's change to a tag takes effect for the next session

    Scenario Outline: After the operator <change>, tag <tag> is <outcome>
      Given the operator <change>
      When the driver tries the known tag <tag> at HQ-14
      Then the tag is <outcome>

      Examples:
        | change                                           | tag      | outcome                     |
        | creates the new active tag 5EED0001 for Nina New | 5EED0001 | accepted at HQ-14           |
        | blocks tag D40C346D                              | D40C346D | refused at HQ-14 as Blocked |
        | deletes tag D40C346D                             | D40C346D | refused at HQ-14 as Invalid |
        | activates tag 6EBEFC7F                           | 6EBEFC7F | accepted at HQ-14           |

    Scenario: A tag's new priority applies to the next session
      Jane Smith's tag has no priority of its own, so her session at RR2-02 would have the charger's
      priority 1. The operator gives her tag priority 10.

      Given the operator gives tag 3B86D60D priority 10
      When the driver presents tag 3B86D60D at RR2-02
      Then RR2-02 starts charging with the minimum offer of 6 A
      And balanz shows these session priorities:
        | charger | priority |
        | RR2-02  | 10       |

  Rule: A tag presented in lower case is authorized (only Authorize ignores the case of its letters)

    Scenario: A tag presented in lower case is accepted
      balanz authorizes tags case-insensitively, so the session starts. The session itself looks the tag up
      case-sensitively: its user and priority are lost (a known issue: tags_known_issues.feature).

      When the driver tries the known tag d40c346d at HQ-14
      Then the tag is accepted at HQ-14
      And HQ-14 starts charging with the minimum offer of 6 A
