@tags @hq
Feature: Parent tags
  A tag may name a parent tag (data/model/tags.csv, parent_id_tag): the two Corp EV tags E08CEE18 and
  8A03EE96 share the parent ACME; John Jones's D40C346D has none. balanz's only use of a parent: when it
  accepts a tag in Authorize it tells the charger the tag's parent (model.py Charger.authorize, IdTagInfo
  parentIdTag). What a charger does with it is the charger's business (OCPP 1.6
  lets a charger end a session with another tag of the same parent). The simulator makes no use of it: it
  ends a running session whenever any tag is presented, without asking balanz, and reports the tag that
  started the session as the one that stopped it - so a sibling tag's stop cannot be told from the driver's
  own on this test bench, and nothing more of parent tags can be specified here. A parent is no tag of its
  own: balanz does not know ACME.

  Rule: balanz tells the charger the parent of an accepted tag

    Scenario: A Corp EV tag is accepted with its parent ACME
      When the driver presents tag E08CEE18 at HQ-14
      Then the tag is accepted at HQ-14 with parent tag ACME

    Scenario: A personal tag is accepted without a parent
      When the driver presents tag D40C346D at HQ-14
      Then the tag is accepted at HQ-14 with no parent tag

  Rule: A parent is not a tag a driver can charge with

    Scenario: Presenting the parent ACME itself is refused as Invalid
      When the driver tries the unknown tag ACME at HQ-14
      Then the tag is refused at HQ-14 as Invalid
