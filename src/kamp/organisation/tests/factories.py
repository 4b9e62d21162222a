"""Factories for our organisation and its people; data reads like a real company's."""

from __future__ import annotations

from factory.declarations import LazyAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password
from factory.faker import Faker

from kamp.organisation.models import BusinessUnit, Country, Membership, ProductLine, Region
from kamp.users.models import User


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = Sequence(lambda n: f"user{n}")
    first_name = Faker("first_name")
    last_name = Faker("last_name")
    email = LazyAttribute(lambda u: f"{u.username}@example.com")
    password = Password("pw-for-tests")


class RegionFactory(DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "EU"
    name = "Europe"


class CountryFactory(DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "ES"
    name = "Spain"
    region = SubFactory(RegionFactory)


class BusinessUnitFactory(DjangoModelFactory[BusinessUnit]):
    class Meta:
        model = BusinessUnit
        django_get_or_create = ("code",)

    code = Sequence(lambda n: f"BU{n}")
    name = Sequence(lambda n: f"Industrial Solutions {n}")


class ProductLineFactory(DjangoModelFactory[ProductLine]):
    class Meta:
        model = ProductLine
        django_get_or_create = ("code",)

    code = Sequence(lambda n: f"PL{n}")
    name = Sequence(lambda n: f"Pumps series {n}")
    business_unit = SubFactory(BusinessUnitFactory)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = SubFactory(UserFactory)
    role = Membership.Role.VIEWER
    business_unit = None
