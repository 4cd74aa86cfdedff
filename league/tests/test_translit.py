import pytest

from league.translit import transliterate


@pytest.mark.parametrize(
    ("ukrainian", "latin"),
    [
        ("Згорани", "Zghorany"),
        ("Розгон", "Rozghon"),
        ("Щербухи", "Shcherbukhy"),
        ("Юрій", "Yurii"),
        ("Знам'янка", "Znamianka"),
        ("Знам’янка", "Znamianka"),
        ("Єнакієве", "Yenakiieve"),
        ("Їжакевич", "Yizhakevych"),
        ("Йосипівка", "Yosypivka"),
        ("Яготин", "Yahotyn"),
        ("Україна", "Ukraina"),
        ("Житомир", "Zhytomyr"),
        ("Ґорґани", "Gorgany"),
        ("Харків", "Kharkiv"),
        ("Біла Церква", "Bila Tserkva"),
        ("Суми", "Sumy"),
        ("Конотопська міська громада", "Konotopska miska hromada"),
        ("Сумський район (2016)", "Sumskyi raion (2016)"),
        ("СУМИ", "SUMY"),
    ],
)
def test_names_follow_the_official_2010_table(ukrainian, latin):
    assert transliterate(ukrainian) == latin
