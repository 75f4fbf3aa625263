from django.db import connection

from losen.core import crypto


def test_encrypt_round_trip_and_ciphertext_hides_the_text():
    token = crypto.encrypt("har selv erfaring med brudd")
    assert "erfaring" not in token
    assert crypto.decrypt(token) == "har selv erfaring med brudd"


def test_field_prep_value_is_ciphertext():
    field = crypto.EncryptedTextField()
    stored = field.get_prep_value("hemmelig")
    assert stored != "hemmelig" and crypto.decrypt(stored) == "hemmelig"
    assert field.from_db_value(stored, None, connection) == "hemmelig"
    assert field.get_prep_value("") == ""
