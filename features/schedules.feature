@rr2 @schedules @fresh_balanz
Feature: Group schedules with several intervals
  A group's maximum is a schedule of time-of-day intervals, "HH:MM-HH:MM>p=A:p=A;...". At each balancing run
  balanz reads the interval that covers the current minute of its local clock (util.py schedule_value_now):
  * the intervals are tried in the order they are listed and the first that covers the minute applies, also
    where a later one covers it too;
  * an interval covers its start minute to the end of its end minute (the end is read as HH:MM:59.999999) -
    specified at a minute boundary in time_of_day_maxima.feature;
  * its maxima are priority=amperes pairs of whole numbers: a fraction is not read - "0=12.5" is read as
    priority 0 up to 12 A (the pattern (\d+)=(\d+) stops at the point) - and the pairs are ordered from the
    highest priority down.
  GetGroups shows the maxima balanz applies to a group now (max_allocation_now, [priority, amperes] highest
  priority first), read by the same function its balancing uses (model.py Group.external and Group.balanz both
  call schedule_value_now).

  Rule: Of overlapping intervals, the first listed applies

    Scenario: Two all-day intervals: RR2 gets the first one's maxima
      When the operator sets the maximum of group RR2 to "00:00-23:59>0=10:3=20;00:00-23:59>0=30:3=40"
      Then balanz applies to group RR2 now these maxima, highest priority first:
        | from priority | amperes |
        | 3             | 20      |
        | 0             | 10      |

  Rule: Amperes are whole numbers

    Scenario: A maximum of 12.5 A is read as 12 A
      When the operator sets the maximum of group RR2 to "00:00-23:59>0=12.5:5=30"
      Then balanz applies to group RR2 now these maxima, highest priority first:
        | from priority | amperes |
        | 5             | 30      |
        | 0             | 12      |
