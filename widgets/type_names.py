"""Incident type and category names marked for translation.

The names live in plans/taxonomy.py (no Qt there); listing them here lets lupdate put
them in the catalogue. tests/widgets/test_i18n.py fails if this list drifts from the taxonomy.
"""
from PySide6.QtCore import QT_TRANSLATE_NOOP

TYPE_NAMES = (
    QT_TRANSLATE_NOOP("IncidentType", "防汛（暴雨洪涝）"),
    QT_TRANSLATE_NOOP("IncidentType", "城市内涝"),
    QT_TRANSLATE_NOOP("IncidentType", "干旱"),
    QT_TRANSLATE_NOOP("IncidentType", "地震"),
    QT_TRANSLATE_NOOP("IncidentType", "地质灾害"),
    QT_TRANSLATE_NOOP("IncidentType", "森林火灾"),
    QT_TRANSLATE_NOOP("IncidentType", "林木有害生物"),
    QT_TRANSLATE_NOOP("IncidentType", "气象灾害"),
    QT_TRANSLATE_NOOP("IncidentType", "雪雾低温天气"),
    QT_TRANSLATE_NOOP("IncidentType", "空气重污染"),
    QT_TRANSLATE_NOOP("IncidentType", "农业有害生物"),
    QT_TRANSLATE_NOOP("IncidentType", "生产安全事故"),
    QT_TRANSLATE_NOOP("IncidentType", "危险化学品事故"),
    QT_TRANSLATE_NOOP("IncidentType", "火灾"),
    QT_TRANSLATE_NOOP("IncidentType", "建设工程施工事故"),
    QT_TRANSLATE_NOOP("IncidentType", "道路交通事故"),
    QT_TRANSLATE_NOOP("IncidentType", "城市轨道交通运营突发事件"),
    QT_TRANSLATE_NOOP("IncidentType", "供水突发事件"),
    QT_TRANSLATE_NOOP("IncidentType", "燃气事故"),
    QT_TRANSLATE_NOOP("IncidentType", "供热突发事件"),
    QT_TRANSLATE_NOOP("IncidentType", "大面积停电"),
    QT_TRANSLATE_NOOP("IncidentType", "地下管线事故"),
    QT_TRANSLATE_NOOP("IncidentType", "突发环境事件"),
    QT_TRANSLATE_NOOP("IncidentType", "特种设备（电梯）事故"),
    QT_TRANSLATE_NOOP("IncidentType", "通信中断"),
    QT_TRANSLATE_NOOP("IncidentType", "网络与信息安全事件"),
    QT_TRANSLATE_NOOP("IncidentType", "拥挤踩踏"),
    QT_TRANSLATE_NOOP("IncidentType", "突发公共卫生事件"),
    QT_TRANSLATE_NOOP("IncidentType", "医疗卫生救援"),
    QT_TRANSLATE_NOOP("IncidentType", "食品安全事故"),
    QT_TRANSLATE_NOOP("IncidentType", "药品（疫苗）安全事件"),
    QT_TRANSLATE_NOOP("IncidentType", "重大动物疫情"),
    QT_TRANSLATE_NOOP("IncidentType", "恐怖袭击"),
    QT_TRANSLATE_NOOP("IncidentType", "群体性事件"),
    QT_TRANSLATE_NOOP("IncidentType", "涉外突发事件"),
    QT_TRANSLATE_NOOP("IncidentType", "金融突发事件"),
    QT_TRANSLATE_NOOP("IncidentType", "生活必需品供应"),
    QT_TRANSLATE_NOOP("IncidentType", "粮食应急"),
    QT_TRANSLATE_NOOP("IncidentType", "民族宗教事件"),
    QT_TRANSLATE_NOOP("IncidentType", "旅游突发事件"),
)
CATEGORY_NAMES = (
    QT_TRANSLATE_NOOP("IncidentType", "自然灾害"),
    QT_TRANSLATE_NOOP("IncidentType", "事故灾难"),
    QT_TRANSLATE_NOOP("IncidentType", "公共卫生事件"),
    QT_TRANSLATE_NOOP("IncidentType", "社会安全事件"),
)
