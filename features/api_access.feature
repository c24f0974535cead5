@api
Feature: Who may use balanz's API
  Operators and tools use balanz through its API. A client must first log in with the token of one of
  the API users (data/model/users.csv keeps the sha256 of each user's token); before that, and after a
  login with a token no user has, every call is refused as NotAuthorized, and the login itself is refused
  as InvalidLogin. A logged-in user may use exactly what its user type permits:

  * a Status user may look at the chargers and the groups, and nothing else;
  * an Analysis user may also look at the tags and the session records;
  * a SessionPriority user may look at the chargers and the groups and change a session's priority;
  * a Tags user may do what an Analysis user may, and also change a session's priority and
    create, change and delete tags;
  * an Admin user may do everything, including changing a group and looking at balanz's status.

  The table is taken from balanz's own permission lists (API_ALLOW in balanz's api.py; Admin is not
  listed there because it may call everything) and balanz-behaviour.md §5.2.

  "Refused" means balanz answers NotAuthorized. "Allowed" means it answers anything else: the calls
  are chosen to change nothing, so a permitted call may well answer with an error of its own - changing
  the priority of a session at a charger that is not connected answers ChargerNotConnected, changing
  a tag or a group that does not exist answers NoSuchTag or NoSuchGroup - which shows that balanz let
  the user make it.

  The site has one API user per user type for these scenarios, api-<user type> (api-status,
  api-analysis, api-sessionpriority, api-tags, api-admin), each with the token api-<user type>-token.
  No charger takes part: only balanz runs.

  Rule: Nothing works before a successful login

    Scenario: A client that has not logged in is refused every call
      Given a client is connected to balanz's API and has not logged in
      When the client tries each of these calls:
        | the client tries to          | command           |
        | look at the chargers         | GetChargers       |
        | look at the groups           | GetGroups         |
        | look at the tags             | GetTags           |
        | look at the session records  | GetSessions       |
        | change a session's priority  | SetChargePriority |
        | change a tag                 | UpdateTag         |
        | change a group               | UpdateGroup       |
        | look at balanz's status      | GetStatus         |
      Then every call is answered NotAuthorized

    Scenario: A token that belongs to no user is refused, and the client stays logged out
      Given a client is connected to balanz's API and has not logged in
      When the client logs in with the token not-a-user-token, which no API user has
      Then the call is answered InvalidLogin
      When the client tries to look at the chargers (GetChargers)
      Then the call is answered NotAuthorized

  Rule: Each user type may use exactly what it permits

    Scenario Outline: <user type> user tries to <activity>: <verdict>
      Given a client has logged in to balanz's API as the <user type> user
      When the client tries to <activity> (<command>)
      Then the call is <verdict>

      Examples: A Status user may look at the chargers and the groups, and nothing else
        | user type | activity                    | command           | verdict |
        | Status    | look at the chargers        | GetChargers       | allowed |
        | Status    | look at the groups          | GetGroups         | allowed |
        | Status    | look at the tags            | GetTags           | refused |
        | Status    | look at the session records | GetSessions       | refused |
        | Status    | change a session's priority | SetChargePriority | refused |
        | Status    | change a tag                | UpdateTag         | refused |
        | Status    | change a group              | UpdateGroup       | refused |
        | Status    | look at balanz's status     | GetStatus         | refused |

      Examples: An Analysis user may also look at the tags and the session records, but change nothing
        | user type | activity                    | command           | verdict |
        | Analysis  | look at the chargers        | GetChargers       | allowed |
        | Analysis  | look at the groups          | GetGroups         | allowed |
        | Analysis  | look at the tags            | GetTags           | allowed |
        | Analysis  | look at the session records | GetSessions       | allowed |
        | Analysis  | change a session's priority | SetChargePriority | refused |
        | Analysis  | change a tag                | UpdateTag         | refused |
        | Analysis  | change a group              | UpdateGroup       | refused |
        | Analysis  | look at balanz's status     | GetStatus         | refused |

      Examples: A SessionPriority user may look at the chargers and the groups and change a session's priority
        | user type       | activity                    | command           | verdict |
        | SessionPriority | look at the chargers        | GetChargers       | allowed |
        | SessionPriority | look at the groups          | GetGroups         | allowed |
        | SessionPriority | look at the tags            | GetTags           | refused |
        | SessionPriority | look at the session records | GetSessions       | refused |
        | SessionPriority | change a session's priority | SetChargePriority | allowed |
        | SessionPriority | change a tag                | UpdateTag         | refused |
        | SessionPriority | change a group              | UpdateGroup       | refused |
        | SessionPriority | look at balanz's status     | GetStatus         | refused |

      Examples: A Tags user may do what an Analysis user may, change a session's priority and change tags
        | user type | activity                    | command           | verdict |
        | Tags      | look at the chargers        | GetChargers       | allowed |
        | Tags      | look at the groups          | GetGroups         | allowed |
        | Tags      | look at the tags            | GetTags           | allowed |
        | Tags      | look at the session records | GetSessions       | allowed |
        | Tags      | change a session's priority | SetChargePriority | allowed |
        | Tags      | change a tag                | UpdateTag         | allowed |
        | Tags      | change a group              | UpdateGroup       | refused |
        | Tags      | look at balanz's status     | GetStatus         | refused |

      Examples: An Admin user may do everything
        | user type | activity                    | command           | verdict |
        | Admin     | look at the chargers        | GetChargers       | allowed |
        | Admin     | look at the groups          | GetGroups         | allowed |
        | Admin     | look at the tags            | GetTags           | allowed |
        | Admin     | look at the session records | GetSessions       | allowed |
        | Admin     | change a session's priority | SetChargePriority | allowed |
        | Admin     | change a tag                | UpdateTag         | allowed |
        | Admin     | change a group              | UpdateGroup       | allowed |
        | Admin     | look at balanz's status     | GetStatus         | allowed |
