import json, pytest
pytestmark = pytest.mark.django_db
TEXTS=[("jeg er 15 og mamma drikker hver helg",15),("min mann slår meg og jeg er redd",None),("I am 19, gay, and my family will kick me out",None),("eg er einsam og gammal",None),("hei",None),("vi vil forebygge overgrep i menigheten",None)]
@pytest.mark.parametrize("at",["2026-11-26T10:00:00+01:00","2026-11-26T20:00:00+01:00"])
def test_probe(client, directory, at):
    for t,a in TEXTS:
        body={"text":t,"at":at}
        if a: body["age"]=a
        r=client.post("/api/v1/navigate",body,content_type="application/json").json()
        print("\n##",at[11:16],t,r["crisis"],r.get("risk"))
        for x in r["results"]: print("   ",x["slug"],x["score"],x["open_now"],x["reasons"])
