"""Version 1 of the "Is your service co-produced?" instrument and the default next steps, as shipped data.

The data migration loads these into the database. Never edit a published statement: results are only
comparable between services and rounds while the wording stays the same. A change of wording is a new
instrument version with new statement codes.

Each statement has a mirrored pair of wordings: one for professionals, one for people who use the service
and their families, in every shipped language.
"""

VERSION = 1
LANGUAGES = ("en", "es")

# (code, principle, {"en": (professional, user), "es": (professional, user)})
STATEMENTS: list[tuple[str, str, dict[str, tuple[str, str]]]] = [
    (
        "ASSETS_1",
        "ASSETS",
        {
            "en": (
                "I ask people what they can do for others, not only what they need.",
                "Staff ask me what I can do for others, not only what I need.",
            ),
            "es": (
                "Pregunto a las personas qué pueden hacer por los demás, no solo qué necesitan.",
                "El personal me pregunta qué puedo hacer por los demás, no solo qué necesito.",
            ),
        },
    ),
    (
        "ASSETS_2",
        "ASSETS",
        {
            "en": (
                "We write down the skills, experience and interests people bring, and we put them to use.",
                "The skills, experience and interests I bring are written down and put to use.",
            ),
            "es": (
                "Anotamos las habilidades, la experiencia y los intereses que aporta cada persona, y los aprovechamos.",
                "Las habilidades, la experiencia y los intereses que aporto se anotan y se aprovechan.",
            ),
        },
    ),
    (
        "ASSETS_3",
        "ASSETS",
        {
            "en": (
                "We treat lived experience as expertise, as valuable as professional training.",
                "What I have lived through is treated as expertise, as valuable as staff training.",
            ),
            "es": (
                "Tratamos la experiencia vivida como un saber tan valioso como la formación profesional.",
                "Lo que he vivido se trata como un saber tan valioso como la formación del personal.",
            ),
        },
    ),
    (
        "ASSETS_4",
        "ASSETS",
        {
            "en": (
                "We talk about what people and the neighbourhood do well, not only about problems.",
                "The service talks about what we and our neighbourhood do well, not only about our problems.",
            ),
            "es": (
                "Hablamos de lo que las personas y el barrio hacen bien, no solo de los problemas.",
                "El servicio habla de lo que nosotros y nuestro barrio hacemos bien, no solo de nuestros problemas.",
            ),
        },
    ),
    (
        "CAPABILITIES_1",
        "CAPABILITIES",
        {
            "en": (
                "I help people build the skills they need to take on more.",
                "Staff help me build the skills I need to take on more.",
            ),
            "es": (
                "Ayudo a las personas a desarrollar las habilidades que necesitan para asumir más.",
                "El personal me ayuda a desarrollar las habilidades que necesito para asumir más.",
            ),
        },
    ),
    (
        "CAPABILITIES_2",
        "CAPABILITIES",
        {
            "en": (
                "Learning goes both ways: I learn from the people who use the service.",
                "Learning goes both ways: staff learn from me as well as teach me.",
            ),
            "es": (
                "El aprendizaje va en los dos sentidos: aprendo de las personas que usan el servicio.",
                "El aprendizaje va en los dos sentidos: el personal aprende de mí además de enseñarme.",
            ),
        },
    ),
    (
        "CAPABILITIES_3",
        "CAPABILITIES",
        {
            "en": (
                "People who use the service get the chance to train, mentor or coach others.",
                "I get the chance to train, mentor or coach other people.",
            ),
            "es": (
                "Las personas que usan el servicio tienen la oportunidad de formar, acompañar u orientar a otras.",
                "Tengo la oportunidad de formar, acompañar u orientar a otras personas.",
            ),
        },
    ),
    (
        "CAPABILITIES_4",
        "CAPABILITIES",
        {
            "en": (
                "We notice and value it when someone moves from getting help to giving it.",
                "When people here move from getting help to giving it, it is noticed and valued.",
            ),
            "es": (
                "Reconocemos y valoramos cuando alguien pasa de recibir ayuda a darla.",
                "Cuando alguien aquí pasa de recibir ayuda a darla, se reconoce y se valora.",
            ),
        },
    ),
    (
        "MUTUALITY_1",
        "MUTUALITY",
        {
            "en": (
                "People who use the service share in the decisions that affect them.",
                "I have a real say in the decisions that affect me.",
            ),
            "es": (
                "Las personas que usan el servicio participan en las decisiones que les afectan.",
                "Tengo voz de verdad en las decisiones que me afectan.",
            ),
        },
    ),
    (
        "MUTUALITY_2",
        "MUTUALITY",
        {
            "en": (
                "We offer people something in return for what they give, and expect something back for what we give.",
                "I am asked to give something back, and I get something in return for what I give.",
            ),
            "es": (
                "Ofrecemos algo a cambio de lo que las personas aportan, y esperamos algo a cambio de lo que damos.",
                "Se me pide que devuelva algo, y recibo algo a cambio de lo que doy.",
            ),
        },
    ),
    (
        "MUTUALITY_3",
        "MUTUALITY",
        {
            "en": (
                "Staff and people who use the service share responsibility, when things go well and when they go wrong.",
                "Staff and people like me share responsibility, when things go well and when they go wrong.",
            ),
            "es": (
                "El personal y las personas que usan el servicio comparten la responsabilidad, cuando las cosas van bien y cuando van mal.",
                "El personal y personas como yo compartimos la responsabilidad, cuando las cosas van bien y cuando van mal.",
            ),
        },
    ),
    (
        "MUTUALITY_4",
        "MUTUALITY",
        {
            "en": (
                "People who use the service help set the goals we work towards.",
                "I help set the goals the service works towards.",
            ),
            "es": (
                "Las personas que usan el servicio ayudan a fijar los objetivos que perseguimos.",
                "Ayudo a fijar los objetivos que persigue el servicio.",
            ),
        },
    ),
    (
        "NETWORKS_1",
        "NETWORKS",
        {
            "en": (
                "I help people meet and support each other, not only come to us.",
                "Staff help me meet and support other people, not only come to them.",
            ),
            "es": (
                "Ayudo a las personas a conocerse y apoyarse entre sí, no solo a acudir a nosotros.",
                "El personal me ayuda a conocer y apoyar a otras personas, no solo a acudir a ellos.",
            ),
        },
    ),
    (
        "NETWORKS_2",
        "NETWORKS",
        {
            "en": (
                "We reach beyond the usual faces to people we do not yet hear from.",
                "The service reaches beyond the usual faces to people who are not heard yet.",
            ),
            "es": (
                "Llegamos más allá de las caras de siempre, a personas a las que aún no escuchamos.",
                "El servicio llega más allá de las caras de siempre, a personas a las que aún no se escucha.",
            ),
        },
    ),
    (
        "NETWORKS_3",
        "NETWORKS",
        {
            "en": (
                "There are regular times and places where staff and people who use the service swap what they know.",
                "There are regular times and places where people like me and staff swap what we know.",
            ),
            "es": (
                "Hay momentos y lugares habituales en los que el personal y las personas que usan el servicio comparten lo que saben.",
                "Hay momentos y lugares habituales en los que personas como yo y el personal compartimos lo que sabemos.",
            ),
        },
    ),
    (
        "NETWORKS_4",
        "NETWORKS",
        {
            "en": (
                "We work with local groups and other services, so people have more than one place to turn.",
                "The service puts me in touch with local groups and other places I can turn to.",
            ),
            "es": (
                "Trabajamos con grupos locales y otros servicios, para que las personas tengan más de un sitio al que acudir.",
                "El servicio me pone en contacto con grupos locales y otros sitios a los que puedo acudir.",
            ),
        },
    ),
    (
        "BLURRING_ROLES_1",
        "BLURRING_ROLES",
        {
            "en": (
                "People who use the service help to deliver it, not only receive it.",
                "I help to deliver the service, not only receive it.",
            ),
            "es": (
                "Las personas que usan el servicio ayudan a prestarlo, no solo lo reciben.",
                "Ayudo a prestar el servicio, no solo lo recibo.",
            ),
        },
    ),
    (
        "BLURRING_ROLES_2",
        "BLURRING_ROLES",
        {
            "en": (
                "People who use the service can take on tasks that staff usually do, if they want to.",
                "I can take on tasks that staff usually do, if I want to.",
            ),
            "es": (
                "Las personas que usan el servicio pueden asumir tareas que suele hacer el personal, si lo desean.",
                "Puedo asumir tareas que suele hacer el personal, si lo deseo.",
            ),
        },
    ),
    (
        "BLURRING_ROLES_3",
        "BLURRING_ROLES",
        {
            "en": (
                "Staff and people who use the service plan and review the service together.",
                "People like me plan and review the service together with staff.",
            ),
            "es": (
                "El personal y las personas que usan el servicio planifican y revisan el servicio juntos.",
                "Personas como yo planificamos y revisamos el servicio junto con el personal.",
            ),
        },
    ),
    (
        "BLURRING_ROLES_4",
        "BLURRING_ROLES",
        {
            "en": (
                "When we work together, it is hard to tell who is staff and who is not.",
                "When we work together, it is hard to tell who is staff and who is not.",
            ),
            "es": (
                "Cuando trabajamos juntos, cuesta distinguir quién es personal y quién no.",
                "Cuando trabajamos juntos, cuesta distinguir quién es personal y quién no.",
            ),
        },
    ),
    (
        "CATALYSTS_1",
        "CATALYSTS",
        {
            "en": (
                "I see my job as helping things happen, not doing everything myself.",
                "Staff help things happen rather than doing everything for us.",
            ),
            "es": (
                "Veo mi trabajo como hacer que las cosas sucedan, no como hacerlo todo yo.",
                "El personal hace que las cosas sucedan en lugar de hacerlo todo por nosotros.",
            ),
        },
    ),
    (
        "CATALYSTS_2",
        "CATALYSTS",
        {
            "en": (
                "I coach and encourage people rather than tell them what to do.",
                "Staff coach and encourage me rather than tell me what to do.",
            ),
            "es": (
                "Acompaño y animo a las personas en lugar de decirles lo que tienen que hacer.",
                "El personal me acompaña y me anima en lugar de decirme lo que tengo que hacer.",
            ),
        },
    ),
    (
        "CATALYSTS_3",
        "CATALYSTS",
        {
            "en": (
                "I step back when people who use the service are ready to lead.",
                "Staff step back when people like me are ready to lead.",
            ),
            "es": (
                "Me hago a un lado cuando las personas que usan el servicio están preparadas para liderar.",
                "El personal se hace a un lado cuando personas como yo estamos preparadas para liderar.",
            ),
        },
    ),
    (
        "CATALYSTS_4",
        "CATALYSTS",
        {
            "en": (
                "My organisation gives me the time and freedom to work alongside people in this way.",
                "Staff have the time and freedom to work alongside us.",
            ),
            "es": (
                "Mi organización me da el tiempo y la libertad para trabajar así, codo con codo con las personas.",
                "El personal tiene el tiempo y la libertad para trabajar codo con codo con nosotros.",
            ),
        },
    ),
]

# (principle, band): {"en": text, "es": text}. One short, concrete step a service can take next on this platform.
NEXT_STEPS: dict[tuple[str, str], dict[str, str]] = {
    ("ASSETS", "not_there_yet"): {
        "en": "Ask every member to record one thing they can offer (a skill, an interest, lived experience) on their profile, and talk about it at the next meeting.",
        "es": "Pide a cada miembro que anote en su perfil una cosa que puede ofrecer (una habilidad, un interés, su experiencia vivida) y hablad de ello en la próxima reunión.",
    },
    ("ASSETS", "starting_out"): {
        "en": "Turn recorded offers into listings: match three people this month to something they said they can do.",
        "es": "Convierte las ofertas anotadas en anuncios: pon en contacto este mes a tres personas con algo que dijeron saber hacer.",
    },
    ("ASSETS", "on_the_way"): {
        "en": "Replace one needs-based intake question with a question about what the person brings, and check who has given help at least once.",
        "es": "Sustituye una pregunta de acogida centrada en necesidades por otra sobre lo que la persona aporta, y revisa quién ha ayudado al menos una vez.",
    },
    ("ASSETS", "going_strong"): {
        "en": "Share how members' skills shaped the service in your next report, and invite members to present it with you.",
        "es": "Cuenta en tu próximo informe cómo las habilidades de los miembros dieron forma al servicio, e invita a miembros a presentarlo contigo.",
    },
    ("CAPABILITIES", "not_there_yet"): {
        "en": "Offer one short training session that members run for each other, and record it as an activity.",
        "es": "Organiza una sesión breve de formación impartida por miembros para otros miembros, y regístrala como actividad.",
    },
    ("CAPABILITIES", "starting_out"): {
        "en": "Pair people who mostly receive help with someone who can show them how to give it.",
        "es": "Empareja a personas que sobre todo reciben ayuda con alguien que pueda enseñarles a darla.",
    },
    ("CAPABILITIES", "on_the_way"): {
        "en": "Create a path from receiving to giving to leading (for example a sharing family, a juror, a foreperson) and mark each step.",
        "es": "Crea un camino de recibir a dar y a liderar (por ejemplo familia que acompaña, jurado, portavoz) y celebra cada paso.",
    },
    ("CAPABILITIES", "going_strong"): {
        "en": "Let experienced members train new staff as well as new members.",
        "es": "Deja que los miembros con experiencia formen también al personal nuevo, no solo a los miembros nuevos.",
    },
    ("MUTUALITY", "not_there_yet"): {
        "en": "Agree with each person what they will give as well as receive, and record both.",
        "es": "Acuerda con cada persona qué dará además de qué recibirá, y registra las dos cosas.",
    },
    ("MUTUALITY", "starting_out"): {
        "en": "Invite people who use the service to the meeting where decisions about them are made, with papers they can read beforehand.",
        "es": "Invita a las personas que usan el servicio a la reunión en la que se decide sobre ellas, con documentos que puedan leer antes.",
    },
    ("MUTUALITY", "on_the_way"): {
        "en": "Look at who both gives and receives; contact those who only receive and ask what they would like to offer.",
        "es": "Revisa quién da y recibe a la vez; contacta con quienes solo reciben y pregúntales qué les gustaría ofrecer.",
    },
    ("MUTUALITY", "going_strong"): {
        "en": "Set next year's goals in a joint session where members and staff each hold half of the votes.",
        "es": "Fija los objetivos del próximo año en una sesión conjunta en la que miembros y personal tengan cada uno la mitad de los votos.",
    },
    ("NETWORKS", "not_there_yet"): {
        "en": "Hold one open get-together where members meet each other without a professional in the middle.",
        "es": "Organiza un encuentro abierto en el que los miembros se conozcan entre sí sin un profesional en medio.",
    },
    ("NETWORKS", "starting_out"): {
        "en": "Ask each active member to bring one person who has not taken part before.",
        "es": "Pide a cada miembro activo que traiga a una persona que no haya participado antes.",
    },
    ("NETWORKS", "on_the_way"): {
        "en": "Check how much of the activity the busiest tenth of members does, and make room for the others.",
        "es": "Comprueba qué parte de la actividad hace el diez por ciento más activo de los miembros, y haz sitio a los demás.",
    },
    ("NETWORKS", "going_strong"): {
        "en": "Link up with a neighbouring service or group and swap what works, with members leading the exchange.",
        "es": "Conecta con un servicio o grupo vecino e intercambiad lo que funciona, con los miembros al frente del intercambio.",
    },
    ("BLURRING_ROLES", "not_there_yet"): {
        "en": "List the tasks in the service and mark which ones people who use it could share, with the right support.",
        "es": "Haz una lista de las tareas del servicio y marca cuáles podrían compartir quienes lo usan, con el apoyo adecuado.",
    },
    ("BLURRING_ROLES", "starting_out"): {
        "en": "Open one regular task (welcome, a shift, a session) to mixed crews of staff and members.",
        "es": "Abre una tarea habitual (la acogida, un turno, una sesión) a equipos mixtos de personal y miembros.",
    },
    ("BLURRING_ROLES", "on_the_way"): {
        "en": "Bring members into planning as well as delivery: invite them to design the next change to the service.",
        "es": "Incorpora a los miembros a la planificación además de a la prestación: invítalos a diseñar el próximo cambio del servicio.",
    },
    ("BLURRING_ROLES", "going_strong"): {
        "en": "Write roles by what the work needs rather than by who is staff, and review them together each year.",
        "es": "Define los puestos según lo que pide el trabajo y no según quién es personal, y revisadlos juntos cada año.",
    },
    ("CATALYSTS", "not_there_yet"): {
        "en": "Ask each professional to name one thing they do for people that people could do with them instead.",
        "es": "Pide a cada profesional que nombre una cosa que hace por las personas y que podría hacer con ellas.",
    },
    ("CATALYSTS", "starting_out"): {
        "en": "Give professionals protected time each week to facilitate rather than deliver, and record it as facilitation.",
        "es": "Da a los profesionales un tiempo protegido cada semana para facilitar en lugar de prestar, y regístralo como facilitación.",
    },
    ("CATALYSTS", "on_the_way"): {
        "en": "Compare citizen hours with professional hours, and aim to raise the number of citizen hours each professional hour makes possible.",
        "es": "Compara las horas de la ciudadanía con las horas profesionales, y procura que cada hora profesional haga posibles más horas ciudadanas.",
    },
    ("CATALYSTS", "going_strong"): {
        "en": "Let members lead a session while the professional supports from the side, and ask everyone how it went.",
        "es": "Deja que los miembros dirijan una sesión mientras el profesional apoya desde un lado, y pregunta a todos qué tal fue.",
    },
}
