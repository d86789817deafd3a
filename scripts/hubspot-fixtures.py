# Writes the HubSpot deal-export fixtures under Tests/PipeQGoldenTests/Data/hubspot-*/ (header names from HubSpot's
# default deal properties; the deals are made up). Usage: python3 scripts/hubspot-fixtures.py Tests/PipeQGoldenTests/Data
import csv, sys
root = sys.argv[1]

def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])

# 1. Sales Pipeline, label form, five stages.
P = "Sales Pipeline"
stages = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Closed Won", "Closed Lost"]
E = lambda s: f'Date entered "{s} ({P})"'
X = lambda s: f'Date exited "{s} ({P})"'
T = lambda s: f'Time in "{s} ({P})"'
C = lambda s: f'Cumulative time in "{s} ({P})"'
header = ["Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Create Date", "Deal owner",
          "Forecast category", "Deal probability", "Last Modified Date", "Is Closed Won"]
for s in stages:
    header += [E(s), X(s)]
    if s in stages[:3]: header.append(T(s))
header.append(C("Appointment Scheduled"))
AS, QB, PS, CW, CL = stages
def deal(i, name, stage, amount, created, owner, forecast, prob, won, stays, close=""):
    r = {"Record ID": i, "Deal Name": name, "Deal Stage": stage, "Pipeline": P, "Amount": amount, "Close Date": close,
         "Create Date": created, "Deal owner": owner, "Forecast category": forecast, "Deal probability": prob,
         "Last Modified Date": "2024-06-28 12:00", "Is Closed Won": won}
    for s, (e, x) in stays.items():
        r[E(s)] = e
        if x: r[X(s)] = x
    return r
rows = [
    deal(101, "Northwind expansion", QB, 5000, "2024-03-01 09:00", "Ana Ruiz", "Pipeline", 0.4, "false",
         {AS: ("2024-03-01 09:00", "2024-03-05 09:00"), QB: ("2024-03-05 09:00", "")}),
    deal(102, "Contoso platform", CW, 12000, "2024-02-01 10:00", "Li Wei", "Closed won", 1, "true",
         {AS: ("2024-02-01 10:00", "2024-02-03 10:00"), QB: ("2024-02-03 10:00", "2024-02-10 10:00"),
          PS: ("2024-02-10 10:00", "2024-02-20 10:00"), CW: ("2024-02-20 10:00", "")}, close="2024-02-20 10:00"),
    deal(103, "Fabrikam pilot", PS, 8000, "2024-04-01 08:00", "Ana Ruiz", "Best case", 0.6, "false",
         {AS: ("2024-04-01 08:00", "2024-04-04 08:00"), PS: ("2024-04-04 08:00", "")}),
    deal(104, "Tailspin add-on", CL, 4000, "2024-01-10 12:00", "Li Wei", "Omit", 0, "false",
         {AS: ("2024-01-10 12:00", "2024-01-12 12:00"), QB: ("2024-01-12 12:00", "2024-01-22 12:00"), CL: ("2024-01-22 12:00", "")},
         close="2024-01-22 12:00"),
    deal(105, "Imported legacy deal", AS, 3000, "2023-12-15 09:00", "Sam Ode", "Pipeline", 0.2, "false", {}),
    deal(106, "Litware seats", AS, 2000, "2024-06-20 15:30", "Sam Ode", "Pipeline", 0.2, "false",
         {AS: ("2024-06-20 15:30", "")}),
    deal(107, "Adatum renewal", CW, 9000, "2024-05-01 09:00", "Li Wei", "Closed won", 1, "true",
         {AS: ("2024-05-01 09:00", ""), QB: ("2024-05-02 09:00", "2024-05-06 09:00"),
          PS: ("2024-05-06 09:00", "2024-05-16 09:00"), CW: ("2024-05-16 09:00", "")}, close="2024-05-16 09:00"),
]
# Time in columns: milliseconds, as HubSpot's duration properties hold them (dropped by the adapter).
for r in rows:
    for s in stages[:3]:
        if r.get(E(s)) and r.get(X(s)): r[T(s)] = 86400000
write(f"{root}/hubspot-sales/deals.csv", header, rows)

# 2. Two pipelines, label form; Renewals has its own Closed Won and a "Churned" stage, and no Date exited columns.
R = "Renewals"
sp = ["Appointment Scheduled", "Qualified To Buy", "Closed Won", "Closed Lost"]
rn = ["Renewal Due", "Quote Sent", "Closed Won", "Churned"]
header = ["Record ID", "Deal Name", "Pipeline", "Deal Stage", "Amount", "Create Date", "Close Date", "Deal owner",
          "Is Closed Won", "Is deal closed?"]
for s in sp: header += [f'Date entered "{s} ({P})"', f'Date exited "{s} ({P})"']
for s in rn: header += [f'Date entered "{s} ({R})"']
def deal2(i, name, pipe, stage, amount, owner, won, closed, stays):
    r = {"Record ID": i, "Deal Name": name, "Pipeline": pipe, "Deal Stage": stage, "Amount": amount,
         "Create Date": min(e for e, _ in stays.values()), "Deal owner": owner, "Is Closed Won": won, "Is deal closed?": closed,
         "Close Date": stays[stage][0] if closed == "true" else ""}
    for s, (e, x) in stays.items():
        r[f'Date entered "{s} ({pipe})"'] = e
        if x: r[f'Date exited "{s} ({pipe})"'] = x
    return r
rows = [
    deal2(201, "Contoso new logo", P, "Closed Won", 10000, "Ana Ruiz", "true", "true",
          {"Appointment Scheduled": ("2024-01-02 09:00", "2024-01-05 09:00"), "Qualified To Buy": ("2024-01-05 09:00", "2024-01-15 09:00"),
           "Closed Won": ("2024-01-15 09:00", "")}),
    deal2(202, "Contoso renewal 2024", R, "Closed Won", 4000, "Li Wei", "true", "true",
          {"Renewal Due": ("2024-02-01 09:00", ""), "Quote Sent": ("2024-02-08 09:00", ""), "Closed Won": ("2024-02-18 09:00", "")}),
    deal2(203, "Fabrikam new logo", P, "Qualified To Buy", 6000, "Ana Ruiz", "false", "false",
          {"Appointment Scheduled": ("2024-03-01 09:00", "2024-03-03 09:00"), "Qualified To Buy": ("2024-03-03 09:00", "")}),
    deal2(204, "Tailspin renewal 2024", R, "Churned", 3000, "Li Wei", "false", "true",
          {"Renewal Due": ("2024-03-10 09:00", ""), "Churned": ("2024-03-20 09:00", "")}),
    deal2(205, "Northwind renewal 2024", R, "Quote Sent", 5000, "Sam Ode", "false", "false",
          {"Renewal Due": ("2024-04-01 09:00", ""), "Quote Sent": ("2024-04-11 09:00", "")}),
    deal2(206, "Litware new logo", P, "Closed Lost", 7000, "Sam Ode", "false", "true",
          {"Appointment Scheduled": ("2024-04-02 09:00", "2024-04-04 09:00"), "Closed Lost": ("2024-04-04 09:00", "")}),
]
write(f"{root}/hubspot-pipelines/deals.csv", header, rows)

# 3. Internal property names (an API export): hs_v2_date_entered_<stageid>, ISO instants, one custom numeric stage
# whose label the Deal Stage column gives (93480117 = "Legal Review") and one it does not (93480118).
ids = ["appointmentscheduled", "qualifiedtobuy", "93480117", "93480118", "closedwon", "closedlost"]
header = ["hs_object_id", "dealname", "dealstage", "Deal Stage", "pipeline", "amount", "createdate", "closedate", "hubspot_owner_id",
          "hs_is_closed_won"]
for s in ids:
    header.append(f"hs_v2_date_entered_{s}")
    if s in ids[:3]: header.append(f"hs_v2_date_exited_{s}")
header += ["hs_v2_time_in_appointmentscheduled", "hs_date_entered_appointmentscheduled"]
label = {"appointmentscheduled": "Appointment Scheduled", "qualifiedtobuy": "Qualified To Buy", "93480117": "Legal Review",
         "closedwon": "Closed Won", "closedlost": "Closed Lost"}
def deal3(i, name, stage, amount, owner, won, stays):
    r = {"hs_object_id": i, "dealname": name, "dealstage": stage, "Deal Stage": label[stage], "pipeline": "default", "amount": amount,
         "createdate": min(e for e, _ in stays.values()), "hubspot_owner_id": owner, "hs_is_closed_won": won,
         "closedate": stays[stage][0] if stage.startswith("closed") else ""}
    for s, (e, x) in stays.items():
        r[f"hs_v2_date_entered_{s}"] = e
        if x: r[f"hs_v2_date_exited_{s}"] = x
    if "appointmentscheduled" in stays:
        r["hs_date_entered_appointmentscheduled"] = stays["appointmentscheduled"][0]
    return r
Z = lambda d: d + ":00.000Z"
rows = [
    deal3(301, "Acme trial", "appointmentscheduled", 1500, 11001, "false", {"appointmentscheduled": (Z("2024-05-01T10:00"), "")}),
    deal3(302, "Globex platform", "closedwon", 20000, 11002, "true",
          {"appointmentscheduled": (Z("2024-03-01T09:00"), Z("2024-03-04T09:00")), "qualifiedtobuy": (Z("2024-03-04T09:00"), Z("2024-03-11T09:00")),
           "93480117": (Z("2024-03-11T09:00"), Z("2024-03-21T09:00")), "closedwon": (Z("2024-03-21T09:00"), "")}),
    deal3(303, "Initech licences", "93480117", 9000, 11001, "false",
          {"appointmentscheduled": (Z("2024-04-01T09:00"), Z("2024-04-02T09:00")), "qualifiedtobuy": (Z("2024-04-02T09:00"), Z("2024-04-05T09:00")),
           "93480117": (Z("2024-04-05T09:00"), "")}),
    deal3(304, "Umbrella support", "qualifiedtobuy", 4000, 11002, "false",
          {"appointmentscheduled": (Z("2024-02-01T09:00"), Z("2024-02-03T09:00")), "qualifiedtobuy": (Z("2024-02-03T09:00"), "")}),
    deal3(305, "Hooli pilot", "closedlost", 2500, 11001, "false",
          {"appointmentscheduled": (Z("2024-01-05T09:00"), Z("2024-01-06T09:00")), "93480118": (Z("2024-01-06T09:00"), ""),
           "closedlost": (Z("2024-01-16T09:00"), "")}),
]
write(f"{root}/hubspot-internal/deals.csv", header, rows)
