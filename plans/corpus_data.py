"""Tables the corpus generator draws on: special plans, duties, site kinds.

Special plans and lead departments follow special_plans_draft_chaoyang_41.csv (copied in
resources/plans/SOURCE.md); grading rules are not here but in resources/grading/rules.yaml
(real documents and clauses), written into each special plan by the generator.
"""
from __future__ import annotations

INF = None
ALL = ["I", "II", "III", "IV"]
UP_III = ["I", "II", "III"]
UP_II = ["I", "II"]





def colours(metric: str, yellow: float, orange: float, red: float, blue: float | None = None) -> dict[str, dict]:
    """blue [blue, yellow), yellow [yellow, orange), orange [orange, red), red [red, ∞)."""
    out = {"yellow": {"metric": metric, "min": yellow, "max": orange},
           "orange": {"metric": metric, "min": orange, "max": red}, "red": {"metric": metric, "min": red}}
    if blue is not None:
        out["blue"] = {"metric": metric, "min": blue, "max": yellow}
    return out


# Warning thresholds on monitoring readings (sensor values), by special plan type. Gas: the
# usual detector alarm points of 10/25 %LEL, 50 %LEL evacuation, 100 %LEL explosive range;
# CO: 24/50/200/400 ppm (GBZ 2.1 exposure limits and poisoning onset); rain: Beijing's
# rainstorm warning steps (mm in 6 h, simplified); water depth: 15 cm kerb, 27 cm car exhaust.
WARNINGS: dict[str, list[dict]] = {
    "gas": [colours("gas_lel", 25, 50, 100, blue=10), colours("co_ppm", 50, 200, 400, blue=24)],
    "hazchem": [colours("gas_lel", 25, 50, 100, blue=10)],
    "heating": [colours("co_ppm", 50, 200, 400, blue=24)],
    "flood": [colours("rainfall_mm", 70, 100, 150, blue=50)],
    "meteorological": [colours("rainfall_mm", 70, 100, 150, blue=50)],
    "waterlogging": [colours("water_depth_cm", 27, 40, 60, blue=15)],
    "air_pollution": [colours("aqi", 300, 400, 500, blue=200)],
}

# (row no, category, title, types, lead, supporting, grading key, resources by level)
SPECIAL: list[tuple] = [
    (1, "自然灾害", "朝阳区防汛应急预案", ["flood"], "flood_office",
     ["water", "drainage", "traffic_police", "housing", "civil_affairs", "street_offices"], "flood",
     {"water_pump": (4, 8), "rescue": (2, 4)}),
    (2, "自然灾害", "朝阳区抗旱应急预案", ["drought"], "water", ["agriculture", "landscape", "urban_mgmt"], "generic", {}),
    (3, "自然灾害", "朝阳区地震应急预案", ["earthquake"], "emergency",
     ["fire_rescue", "housing", "health", "civil_affairs", "police"], "earthquake",
     {"rescue": (4, 12), "fire_engine": (4, 10), "ambulance": (4, 12)}),
    (4, "自然灾害", "朝阳区突发地质灾害应急预案", ["geological"], "planning", ["emergency", "housing", "water"],
     "geological", {"rescue": (2, 4)}),
    (5, "自然灾害", "朝阳区森林火灾应急预案", ["forest_fire"], "landscape", ["fire_rescue", "emergency", "police"],
     "forest_fire", {"fire_engine": (4, 10)}),
    (6, "自然灾害", "朝阳区突发林木有害生物事件应急预案", ["forest_pest"], "landscape", ["agriculture", "market_regulation"],
     "generic", {}),
    (7, "自然灾害", "朝阳区气象灾害应急预案", ["meteorological"], "weather",
     ["water", "transport", "housing", "urban_mgmt", "agriculture", "traffic_police"], "weather", {"water_pump": (2, 6)}),
    (8, "自然灾害", "朝阳区雪雾低温天气应急预案", ["snow_fog_cold"], "urban_mgmt",
     ["transport", "traffic_police", "weather", "street_offices"], "snow", {"rescue": (2, 6)}),
    (9, "自然灾害", "朝阳区空气重污染应急预案", ["air_pollution"], "ecology",
     ["housing", "transport", "urban_mgmt", "education"], "air", {}),
    (10, "自然灾害", "朝阳区自然灾害救助应急预案",
     ["flood", "earthquake", "geological", "meteorological", "snow_fog_cold"], "emergency",
     ["civil_affairs", "finance", "commerce", "health", "red_cross"], "generic", {}),
    (11, "自然灾害", "朝阳区农业有害生物（植物疫情/外来生物入侵）应急预案", ["agri_pest"], "agriculture",
     ["landscape", "market_regulation"], "generic", {}),
    (12, "事故灾难", "朝阳区生产安全事故应急预案", ["production_safety"], "emergency",
     ["fire_rescue", "health", "police", "housing", "market_regulation"], "accident",
     {"rescue": (2, 6), "fire_engine": (2, 6), "ambulance": (2, 6)}),
    (13, "事故灾难", "朝阳区危险化学品事故应急预案", ["hazchem"], "emergency",
     ["fire_rescue", "ecology", "health", "police", "emergency_medical"], "accident",
     {"hazmat": (2, 6), "fire_engine": (4, 10), "ambulance": (2, 6), "police": (2, 6)}),
    (14, "事故灾难", "朝阳区火灾事故应急救援预案", ["fire"], "fire_rescue",
     ["police", "emergency_medical", "health", "power_supply", "gas_company"], "accident",
     {"fire_engine": (4, 12), "ladder": (1, 3), "ambulance": (2, 6)}),
    (15, "事故灾难", "朝阳区建设工程施工突发事故应急预案", ["construction"], "housing",
     ["fire_rescue", "emergency", "emergency_medical", "police"], "accident",
     {"rescue": (2, 6), "ambulance": (2, 4)}),
    (16, "事故灾难", "朝阳区道路交通事故应急预案", ["road_traffic"], "traffic_police",
     ["emergency_medical", "fire_rescue", "transport"], "accident", {"police": (2, 6), "ambulance": (2, 6)}),
    (17, "事故灾难", "朝阳区城市轨道交通运营突发事件应急预案", ["rail_transit"], "transport",
     ["metro_ops", "police", "fire_rescue", "emergency_medical", "traffic_police"], "accident",
     {"ambulance": (2, 6), "police": (2, 6), "rescue": (1, 3)}),
    (18, "事故灾难", "朝阳区供水突发事件应急预案", ["water_supply"], "water",
     ["health", "urban_mgmt", "street_offices"], "utility", {"rescue": (1, 3)}),
    (19, "事故灾难", "朝阳区排水（城市内涝）突发事件应急预案", ["waterlogging"], "water",
     ["drainage", "traffic_police", "fire_rescue", "street_offices", "transport"], "waterlogging",
     {"water_pump": (3, 8), "rescue": (1, 3)}),
    (20, "事故灾难", "朝阳区燃气事故应急预案", ["gas"], "urban_mgmt",
     ["gas_company", "fire_rescue", "police", "emergency_medical", "housing", "street_offices"], "gas",
     {"gas_repair": (2, 4), "fire_engine": (2, 6), "ambulance": (2, 6), "rescue": (1, 3)}),
    (21, "事故灾难", "朝阳区供热突发事件应急预案", ["heating"], "urban_mgmt",
     ["heating_company", "street_offices", "housing"], "utility", {"rescue": (1, 2)}),
    (22, "事故灾难", "朝阳区大面积停电事件应急预案", ["power_outage"], "urban_mgmt",
     ["power_supply", "economy_it", "traffic_police", "health"], "utility", {"rescue": (1, 3)}),
    (23, "事故灾难", "朝阳区地下管线突发事故应急预案", ["pipeline"], "urban_mgmt",
     ["gas_company", "drainage", "power_supply", "telecom_ops", "traffic_police"], "accident",
     {"gas_repair": (1, 2), "rescue": (1, 3)}),
    (24, "事故灾难", "朝阳区突发环境事件应急预案", ["environmental"], "ecology",
     ["emergency", "water", "health", "police"], "environment", {"hazmat": (1, 3)}),
    (25, "事故灾难", "朝阳区特种设备（电梯）事故应急预案", ["special_equipment"], "market_regulation",
     ["fire_rescue", "housing", "emergency_medical"], "accident", {"rescue": (1, 3)}),
    (26, "事故灾难", "朝阳区通信保障应急预案", ["telecom"], "economy_it", ["telecom_ops", "power_supply"], "utility", {}),
    (27, "事故灾难", "朝阳区网络与信息安全事件应急预案", ["cyber"], "cyberspace", ["economy_it", "police"], "generic", {}),
    (28, "事故灾难", "朝阳区人员密集场所（大型活动）拥挤踩踏事件应急预案", ["crowd_crush"], "police",
     ["emergency_medical", "health", "culture_tourism", "sports", "traffic_police", "metro_ops"], "accident",
     {"police": (4, 12), "ambulance": (4, 12)}),
    (29, "公共卫生", "朝阳区突发公共卫生事件应急预案", ["public_health"], "health",
     ["cdc", "education", "market_regulation", "police", "publicity"], "health", {"ambulance": (2, 6)}),
    (30, "公共卫生", "朝阳区突发事件医疗卫生救援应急预案", ["medical_rescue"], "health",
     ["emergency_medical", "cdc", "red_cross"], "medical", {"ambulance": (4, 12)}),
    (31, "公共卫生", "朝阳区食品安全事故应急预案", ["food_safety"], "market_regulation",
     ["health", "cdc", "education", "police"], "food", {"ambulance": (1, 4)}),
    (32, "公共卫生", "朝阳区药品（疫苗）安全事件应急预案", ["drug_safety"], "market_regulation",
     ["health", "cdc"], "health", {}),
    (33, "公共卫生", "朝阳区重大动物疫情应急预案", ["animal_epidemic"], "agriculture",
     ["market_regulation", "health", "landscape"], "generic", {}),
    (34, "社会安全", "朝阳区处置恐怖袭击事件应急预案", ["terrorism"], "police",
     ["armed_forces", "fire_rescue", "emergency_medical", "health", "publicity"], "accident",
     {"police": (6, 20), "ambulance": (4, 12), "hazmat": (1, 2)}),
    (35, "社会安全", "朝阳区群体性事件应急预案", ["mass_incident"], "police",
     ["petitions", "street_offices", "justice", "human_resources"], "mass", {"police": (4, 12)}),
    (36, "社会安全", "朝阳区涉外突发事件应急预案", ["foreign_related"], "foreign_affairs",
     ["police", "health", "culture_tourism"], "generic", {}),
    (37, "社会安全", "朝阳区金融突发事件应急预案", ["financial"], "finance_regulation",
     ["police", "petitions", "market_regulation"], "generic", {}),
    (38, "社会安全", "朝阳区生活必需品市场供应突发事件应急预案", ["supply"], "commerce",
     ["development_reform", "market_regulation", "agriculture"], "generic", {}),
    (39, "社会安全", "朝阳区粮食应急预案", ["grain"], "development_reform", ["commerce", "market_regulation", "finance"],
     "generic", {}),
    (40, "社会安全", "朝阳区民族宗教领域突发事件应急预案", ["ethnic_religious"], "ethnic_religious",
     ["police", "petitions", "street_offices"], "generic", {}),
    (41, "社会安全", "朝阳区旅游突发事件应急预案", ["tourism"], "culture_tourism",
     ["police", "transport", "emergency_medical", "market_regulation"], "generic", {"ambulance": (1, 3)}),
]

# What each department does when a special plan mobilises it.
DUTIES: dict[str, str] = {
    "police": "开展现场警戒和治安维护，维护秩序，依法处置违法犯罪行为",
    "traffic_police": "实施道路交通管制和疏导，开辟应急救援绿色通道",
    "fire_rescue": "调派消防救援力量，开展灭火、抢险和被困人员搜救",
    "health": "组织医疗救治力量，开展伤员救治和卫生防疫",
    "emergency_medical": "调派救护车赶赴现场，开展检伤分类、现场急救和伤员转运",
    "cdc": "开展流行病学调查、采样检测和消毒处理",
    "ecology": "开展大气、水体和土壤环境应急监测，提出污染控制建议",
    "civil_affairs": "做好受灾群众临时安置和基本生活救助",
    "housing": "组织建筑物安全鉴定和工程抢险力量",
    "water": "开展水情监测和供排水设施抢修",
    "drainage": "调派排水抢险车和泵站力量，开展积水抽排",
    "urban_mgmt": "协调市政、燃气、电力、供热设施抢修",
    "gas_company": "关闭相关阀门、切断气源，开展燃气管线抢修",
    "power_supply": "开展电力抢修，保障应急指挥和救援现场供电",
    "heating_company": "开展供热管网抢修，安排临时供暖",
    "telecom_ops": "开展通信设施抢修，保障应急通信畅通",
    "metro_ops": "组织列车运行调整、车站客流控制和乘客疏散",
    "transport": "组织应急运力，做好人员疏散转运",
    "publicity": "组织信息发布和舆论引导",
    "street_offices": "组织属地街乡先期处置，疏散转移和安置受影响群众",
    "market_regulation": "开展相关产品、设备和经营场所的监督检查",
    "education": "组织学校做好师生安全防护和停课复课安排",
    "commerce": "组织生活必需品调运和市场供应保障",
    "finance": "保障应急处置资金",
    "red_cross": "开展救助物资募集和志愿服务",
    "emergency": "统筹协调应急救援力量和物资，做好信息汇总报送",
    "armed_forces": "组织民兵应急分队参加抢险救援",
    "petitions": "做好群众来访接待和诉求疏导",
    "justice": "提供法律服务，参与矛盾纠纷调处",
    "human_resources": "协调处理劳动关系和工资支付问题",
    "culture_tourism": "组织旅游团队和文化场所人员安全疏散",
    "sports": "督促体育场馆运营单位落实人员疏导和安全措施",
    "weather": "加密天气监测和预报，及时发布预警信息",
    "agriculture": "开展农业生产和动植物疫情防控",
    "landscape": "开展林地巡查和林业有害生物防治",
    "economy_it": "协调通信运营企业保障应急通信",
    "development_reform": "组织重要物资储备和价格监测",
    "planning": "开展地质灾害隐患排查和监测",
    "cyberspace": "组织网络安全事件研判和处置",
}

# Extra first-response actions by type: (department, action, deadline, levels)
TYPE_ACTIONS: dict[str, list[tuple[str, str, int, list[str]]]] = {
    "hazchem": [("fire_rescue", "出动危化品处置力量，开展侦检、堵漏、稀释和洗消", 15, ALL),
                ("ecology", "在泄漏点下风向开展大气应急监测，每小时报告一次监测结果", 60, ALL),
                ("police", "按侦检结果划定警戒区，疏散下风向群众", 20, ALL)],
    "gas": [("gas_company", "赶赴现场关闭阀门、切断气源，开展燃气抢修", 30, ALL),
            ("fire_rescue", "检测可燃气体浓度，设置警戒区，消除点火源", 15, ALL),
            ("street_offices", "组织楼内及周边居民疏散，逐户排查受影响住户", 30, ALL)],
    "waterlogging": [("traffic_police", "封闭积水下凹桥及路段，设置警示，疏导交通", 15, ALL),
                     ("drainage", "调派排水抢险车和移动泵站，开展积水抽排", 30, ALL),
                     ("fire_rescue", "搜救被困车辆和人员", 15, UP_III)],
    "flood": [("water", "加密雨情水情监测，每小时报告一次", 60, ALL),
              ("drainage", "预置排水抢险力量于重点下凹桥区", 60, ALL)],
    "crowd_crush": [("police", "控制现场人流，开辟疏散通道，实施单向通行", 10, ALL),
                    ("emergency_medical", "调派救护车，开展检伤分类和伤员转运", 15, ALL),
                    ("sports", "督促场馆运营单位启动现场处置方案，停止入场", 15, ALL)],
    "fire": [("fire_rescue", "调派就近消防救援站出动灭火救援", 5, ALL),
             ("power_supply", "根据现场指挥部要求切断起火建筑电源", 30, ALL)],
    "production_safety": [("fire_rescue", "开展被困人员搜救和事故现场抢险", 15, ALL)],
    "construction": [("housing", "责令停止施工，组织专家研判坍塌风险", 60, ALL)],
    "rail_transit": [("metro_ops", "启动车站客流控制，组织乘客疏散", 10, ALL)],
    "earthquake": [("fire_rescue", "开展倒塌建筑物被困人员搜救", 30, ALL)],
}

# Site kinds for enterprise plans: (weight, regulator, incident types, name patterns, resources)
SITE_TYPES: dict[str, tuple] = {
    "hospital": (8, "health", ["fire", "medical_rescue", "power_outage", "public_health"],
                 ["{s}社区卫生服务中心", "北京{d}{s}医院", "{s}康复医院"], {"ambulance": 2}),
    "school": (12, "education", ["fire", "crowd_crush", "food_safety", "public_health", "earthquake"],
               ["{d}区{s}第{n}小学", "北京市{s}中学", "{d}区{s}实验幼儿园"], {"ambulance": 1}),
    "mall": (8, "commerce", ["fire", "crowd_crush", "special_equipment", "terrorism"],
             ["{s}购物中心", "{s}商业广场", "{s}百货商场"], {"fire_engine": 2}),
    "metro_station": (8, "transport", ["rail_transit", "crowd_crush", "fire", "waterlogging", "terrorism"],
                      ["地铁{s}站", "地铁{s}{n}号线换乘站"], {"ambulance": 1, "police": 1}),
    "hazchem_site": (6, "emergency", ["hazchem", "fire", "environmental", "production_safety"],
                     ["北京{s}化工仓储有限公司", "{s}工业气体充装站", "北京{s}涂料有限公司"],
                     {"hazmat": 1, "fire_engine": 2}),
    "construction_site": (10, "housing", ["construction", "production_safety", "special_equipment"],
                          ["{s}安置房项目{n}号地块工地", "{s}综合楼工程施工现场"], {"rescue": 1}),
    "stadium": (3, "sports", ["crowd_crush", "fire", "terrorism", "mass_incident"],
                ["{s}体育馆", "{s}全民健身中心"], {"police": 2, "ambulance": 2}),
    "hotel": (8, "culture_tourism", ["fire", "food_safety", "foreign_related", "special_equipment"],
              ["{s}国际酒店", "{s}商务酒店"], {"fire_engine": 1}),
    "gas_station": (5, "emergency", ["hazchem", "fire"], ["中石化{s}加油站", "{s}加气站"], {"fire_engine": 1}),
    "residential": (14, "housing", ["gas", "fire", "special_equipment", "waterlogging", "heating"],
                    ["{s}{n}号院（老旧小区）物业服务中心", "{s}小区物业服务中心"], {"gas_repair": 1}),
    "underpass": (4, "water", ["waterlogging"], ["{s}下凹式立交桥", "{s}铁路桥下凹桥区"], {"water_pump": 2}),
    "office_tower": (8, "housing", ["fire", "special_equipment", "power_outage"],
                     ["{s}国际大厦", "{s}科技园{n}号楼"], {"fire_engine": 1}),
    "data_centre": (2, "economy_it", ["power_outage", "fire", "cyber", "telecom"], ["{s}云计算数据中心"], {}),
    "elderly_care": (4, "civil_affairs", ["fire", "public_health", "food_safety"],
                     ["{s}养老照料中心", "{s}敬老院"], {"ambulance": 1}),
    "market": (4, "market_regulation", ["fire", "food_safety", "crowd_crush"], ["{s}农贸市场", "{s}菜市场"], {}),
    "heritage_site": (0, "culture_tourism", ["fire", "crowd_crush", "tourism"],
                      ["{s}古建筑群（开放院落）", "{s}会馆旧址", "{s}四合院博物馆"], {"fire_engine": 1}),
    "courtyard": (0, "street_offices", ["gas", "fire", "heating", "waterlogging"],
                  ["{s}{n}号院（平房院落）", "{s}胡同{n}号大杂院"], {"gas_repair": 1}),
}

SITE_ACTIONS: dict[str, list[tuple[str, str, int]]] = {
    "hazchem_site": [("当班班长", "发现泄漏立即启动紧急切断装置，报告单位应急指挥部", 3),
                     ("单位应急指挥部", "拨打119、120，向区应急局报告泄漏物质、数量和人员情况", 10),
                     ("安全环保部", "组织厂区人员向上风向疏散，清点人数", 10)],
    "stadium": [("场馆安保部", "发现人员拥挤立即限流，打开全部疏散通道", 3),
                ("场馆运营指挥中心", "广播引导观众有序离场，向属地公安分局报告", 5),
                ("医疗保障组", "在出口处设立临时救护点，开展伤员初步救治", 10)],
    "underpass": [("桥区看护人员", "积水达到警戒水位立即设置封闭路障，禁止车辆驶入", 5),
                  ("泵站值守人员", "开启全部排水泵，报告区排水（内涝）指挥机构", 10)],
    "courtyard": [("院落管理员", "发现燃气泄漏或起火立即报警，关闭院内燃气总阀，组织住户撤到胡同口", 3),
                  ("社区网格员", "逐户敲门核实人员，为消防车指引最近的可通行胡同入口", 10),
                  ("街道平房区管理队", "协调挪移占道车辆和杂物，保障消防通道畅通", 15)],
    "heritage_site": [("文物安全员", "发现火情立即报警，启动殿内外消防设施，按文物抢救清单转移可移动文物", 3),
                      ("开放管理部", "停止售票和入场，引导游客沿指定通道离开", 5),
                      ("单位应急指挥部", "向区文化和旅游局（文物部门）和属地街道报告", 15)],
    "residential": [("物业值班员", "接到燃气泄漏报告立即拨打96777，组织楼内住户疏散", 5),
                    ("物业经理", "配合燃气抢修人员关闭楼栋阀门，向社区和街乡报告", 15)],
}
DEFAULT_SITE_ACTIONS = [("单位值班员", "发现险情立即报警（119/120/110），报告单位应急指挥部", 3),
                        ("单位应急指挥部", "组织人员疏散和初期处置，清点人数", 10),
                        ("单位负责人", "向属地街乡和行业主管部门报告事件情况", 30)]

CHAPTERS = ["总则", "组织指挥体系", "监测预警", "应急响应", "后期处置", "应急保障", "附则"]
