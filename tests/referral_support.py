"""Test data shared by the referral tests: the head of the family they refer."""

HEAD = {
    "nik": "3509121203700001",
    "name": "Sumarno",
    "kk": "3509120101100003",
    "address": "Dusun Krajan RT 02",
    "sex": "L",
    "birth_date": "1970-03-12",
}
